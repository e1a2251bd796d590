using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Starter.Db;

/// <summary>The provider settings every <see cref="AppDbContext"/> gets: app, tools and tests alike.</summary>
public static class AppDbContextOptions
{
    /// <summary>Where EF Core records the applied migrations.</summary>
    public const string HistoryTable = "__ef_migrations_history";

    public static DbContextOptionsBuilder UseAppDatabase(this DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable(HistoryTable))
            .UseSnakeCaseNamingConvention()
            // A failed command reaches its caller as an exception, which is logged once there (with
            // its stack trace if nothing handled it, not at all if it became a 4xx/503 problem):
            // EF Core's own error lines would log it a second time, handled or not.
            .ConfigureWarnings(warnings => warnings.Log(
                (RelationalEventId.CommandError, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug)));

    public static DbContextOptions<AppDbContext> For(NpgsqlDataSource dataSource)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        builder.UseAppDatabase(dataSource);
        return builder.Options;
    }
}
