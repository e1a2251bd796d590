using Microsoft.EntityFrameworkCore;
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
            .UseSnakeCaseNamingConvention();

    public static DbContextOptions<AppDbContext> For(NpgsqlDataSource dataSource)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        builder.UseAppDatabase(dataSource);
        return builder.Options;
    }
}
