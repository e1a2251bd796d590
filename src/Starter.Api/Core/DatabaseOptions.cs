using Microsoft.Extensions.Options;

namespace Starter.Core;

/// <summary>Where PostgreSQL is. Empty in Development means "provision a local server".</summary>
public sealed class DatabaseOptions
{
    [ConfigurationKeyName("DATABASE_URL")]
    public string? Url { get; set; }

    /// <summary>The Npgsql connection string for <see cref="Url"/>; valid once the options validated.</summary>
    public string ConnectionString =>
        DatabaseUrl.TryParse(Url ?? string.Empty, out _)?.ConnectionString
        ?? throw new InvalidOperationException("DATABASE_URL is not set or not valid.");
}

public sealed class DatabaseOptionsValidator(IHostEnvironment environment) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"DATABASE_URL is required in the {environment.EnvironmentName} environment "
                    + "(e.g. postgresql://user:password@host:5432/dbname).");
        }
        return DatabaseUrl.TryParse(options.Url, out var error) is null
            ? ValidateOptionsResult.Fail($"DATABASE_URL is not a valid PostgreSQL URI or connection string: {error}.")
            : ValidateOptionsResult.Success;
    }
}
