using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;
//#if (IncludeAuth)
using Starter.Auth;
using Starter.Auth.Mail;
//#endif

namespace Starter.Core;

/// <summary>Binds every settings class from configuration and checks them all before anything starts.</summary>
public static class SettingsRegistration
{
    /// <summary>
    /// Configuration order, lowest first: appsettings*.json, <c>.env</c>, environment variables,
    /// command line. Throws <see cref="StartupException"/> listing every invalid setting.
    /// </summary>
    public static WebApplicationBuilder AddSettings(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddDotEnvFile(Directory.GetCurrentDirectory());

        var problems = new List<string>();
        builder.AddValidatedOptions<AppOptions>(problems);
        builder.AddValidatedOptions(problems, new DatabaseOptionsValidator(builder.Environment));
        builder.AddValidatedOptions(problems, new HttpOptionsValidator());
        builder.AddValidatedOptions<IdempotencyOptions>(problems);
        //#if (IncludeAuth)
        builder.AddValidatedOptions(problems, new AuthOptionsValidator());
        builder.AddValidatedOptions(problems, new SmtpOptionsValidator());
        builder.AddValidatedOptions(problems, new KeyRingOptionsValidator());
        //#endif
        if (problems.Count > 0)
        {
            throw new StartupException(problems);
        }
        return builder;
    }

    /// <summary>
    /// Registers <typeparamref name="TOptions"/> (data annotations, plus <paramref name="validator"/> if
    /// given, checked again at host start) and checks the configuration's values now, naming each
    /// bad setting by its configuration key.
    /// </summary>
    private static void AddValidatedOptions<TOptions>(
        this WebApplicationBuilder builder, List<string> problems, IValidateOptions<TOptions>? validator = null)
        where TOptions : class, new()
    {
        builder.Services.AddOptions<TOptions>().Bind(builder.Configuration).ValidateDataAnnotations().ValidateOnStart();
        if (validator is not null)
        {
            builder.Services.AddSingleton(validator);
        }

        var current = builder.Configuration.Get<TOptions>() ?? new TOptions();
        problems.AddRange(AnnotationProblems(current));
        if (validator?.Validate(Options.DefaultName, current) is { Failed: true } result)
        {
            problems.AddRange(result.Failures);
        }
    }

    private static IEnumerable<string> AnnotationProblems(object options)
    {
        // Only bound (settable) properties are settings; computed ones derive from them.
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = key };
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateProperty(property.GetValue(options), context, results))
            {
                foreach (var result in results)
                {
                    yield return result.ErrorMessage ?? $"{key} is not valid.";
                }
            }
        }
    }
}
