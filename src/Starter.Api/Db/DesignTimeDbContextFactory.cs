using Microsoft.EntityFrameworkCore.Design;
using Npgsql;
using Starter.Core;

namespace Starter.Db;

/// <summary>
/// Lets <c>dotnet ef</c> build the context without starting the web host. Generating a migration
/// needs no server, so a placeholder is used unless <c>DATABASE_URL</c> names a real one.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var url = Environment.GetEnvironmentVariable("DATABASE_URL");
        var connectionString = url is { Length: > 0 } && DatabaseUrl.TryParse(url, out _) is { } parsed
            ? parsed.ConnectionString
            : "Host=localhost;Database=starter_design_time";
        // The context is short-lived; the data source is disposed with the tool's process.
        var dataSource = NpgsqlDataSource.Create(connectionString);
        return new AppDbContext(AppDbContextOptions.For(dataSource));
    }
}
