using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Starter.Core;

/// <summary>Where PostgreSQL is and how the pool talks to it. An empty URL in Development means "provision a local server".</summary>
public sealed class DatabaseOptions
{
    [ConfigurationKeyName("DATABASE_URL")]
    public string? Url { get; set; }

    /// <summary>Connections this process may hold. Size it so instances × pool size stays under the server's max_connections.</summary>
    [ConfigurationKeyName("DATABASE_POOL_SIZE")]
    [Range(1, 1000)]
    public int PoolSize { get; set; } = 50;

    /// <summary>Seconds a query may run before it is cancelled.</summary>
    [ConfigurationKeyName("DATABASE_COMMAND_TIMEOUT_SECONDS")]
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds to wait for a connection (opening one, or a free one from a full pool) before failing with 503.</summary>
    [ConfigurationKeyName("DATABASE_CONNECT_TIMEOUT_SECONDS")]
    [Range(1, 300)]
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// The app reaches PostgreSQL through a pooler in transaction mode (PgBouncer): a server session
    /// is not this connection's between transactions, so nothing is kept on it. No reset on close
    /// (the pooler resets, and a <c>DISCARD ALL</c> per request is a wasted round trip) and no
    /// automatic preparation (a prepared statement would land on another session).
    /// </summary>
    [ConfigurationKeyName("DATABASE_BEHIND_POOLER")]
    public bool BehindPooler { get; set; }

    /// <summary>
    /// The Npgsql connection string: <see cref="Url"/> with the pool and timeout settings applied over
    /// it. Valid once the options have been validated.
    /// </summary>
    public string ConnectionString
    {
        get
        {
            var builder = DatabaseUrl.TryParse(Url ?? string.Empty, out _)
                ?? throw new InvalidOperationException("DATABASE_URL is not set or not valid.");
            builder.MaxPoolSize = PoolSize;
            builder.CommandTimeout = CommandTimeoutSeconds;
            builder.Timeout = ConnectTimeoutSeconds;
            if (BehindPooler)
            {
                builder.NoResetOnClose = true;
                builder.MaxAutoPrepare = 0;
            }
            return builder.ConnectionString;
        }
    }
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
