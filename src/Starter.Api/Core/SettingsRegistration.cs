using Microsoft.Extensions.Options;

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
        builder.AddValidatedOptions(new AppOptionsValidator(), problems);
        builder.AddValidatedOptions(new DatabaseOptionsValidator(builder.Environment), problems);
        builder.AddValidatedOptions(new HttpOptionsValidator(), problems);
        if (problems.Count > 0)
        {
            throw new StartupException(problems);
        }
        return builder;
    }

    private static void AddValidatedOptions<TOptions>(
        this WebApplicationBuilder builder, IValidateOptions<TOptions> validator, List<string> problems)
        where TOptions : class, new()
    {
        builder.Services.AddOptions<TOptions>().Bind(builder.Configuration).ValidateOnStart();
        builder.Services.AddSingleton(validator);

        // Checked now as well, so the process stops before provisioning or listening.
        var current = builder.Configuration.Get<TOptions>() ?? new TOptions();
        if (validator.Validate(Options.DefaultName, current) is { Failed: true } result)
        {
            problems.AddRange(result.Failures);
        }
    }
}
