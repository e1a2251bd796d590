using Microsoft.EntityFrameworkCore;
using Starter.Db.Cli;
using Starter.Db.Local;

namespace Starter.Db;

/// <summary>
/// Command one's database: in Development with no <c>DATABASE_URL</c>, a local server kept under
/// <c>.data/postgres</c> in the checkout, with the migrations applied at start. Nowhere else does
/// anything migrate at start-up: real databases are migrated as a deploy step.
/// </summary>
public static partial class DevDatabase
{
    [LoggerMessage(LogLevel.Information, "Dev database {Database}: {Count} migration(s) applied ({Migrations})")]
    private static partial void LogMigrated(ILogger logger, string database, int count, string migrations);

    public static bool IsWanted(WebApplicationBuilder builder) =>
        builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(builder.Configuration["DATABASE_URL"]);

    /// <summary>Provisions the server and points <c>DATABASE_URL</c> at the dev database; null when not wanted.</summary>
    public static async Task<LocalPostgres?> ProvisionIfWantedAsync(this WebApplicationBuilder builder)
    {
        if (!IsWanted(builder))
        {
            return null;
        }

        // The host's logging is not built yet; this logger writes the same console format, to
        // stderr so that a db command's own output on stdout stays clean.
        using var loggerFactory = LoggerFactory.Create(logging =>
            logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace));
        var log = loggerFactory.CreateLogger(typeof(DevDatabase).FullName!);

        var request = new LocalPostgresRequest("dev", ClusterFolder(builder.Environment), Disposable: false);
        var server = await LocalPostgresProvisioner.StartAsync(request, log);
        var database = Naming.Database("dev");
        if (await DatabaseAdmin.CreateIfMissingAsync(server.ConnectionString, database))
        {
            log.Provisioned("Created database", database);
        }
        builder.Configuration["DATABASE_URL"] = server.ConnectionStringFor(database);
        return server;
    }

    /// <summary>Where the dev cluster is kept: <c>.data/postgres</c> in the checkout (git-ignored).</summary>
    public static string ClusterFolder(IHostEnvironment environment)
    {
        var checkout = Core.RepositoryRoot.Find(environment.ContentRootPath) ?? environment.ContentRootPath;
        return Path.Combine(checkout, ".data", "postgres");
    }

    /// <summary>Creates the dev database if needed and applies pending migrations.</summary>
    public static async Task MigrateAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var before = await MigrationChain.ReadAsync(db, CancellationToken.None);
        await MigrationChain.MigrateAsync(db, null, CancellationToken.None);
        var pending = before.All.Except(before.Applied).ToList();
        var database = db.Database.GetDbConnection().Database;
        var names = pending.Count > 0 ? string.Join(", ", pending) : "none pending";
        LogMigrated(app.Logger, database, pending.Count, names);
    }
}
