using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Starter.Db;
using Starter.Db.Cli;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Db;

/// <summary>The <c>db</c> command on databases of its own, made empty (not from the migrated template).</summary>
public sealed class MigrationTests(TestDatabaseServer server) : IAsyncDisposable
{
    private readonly List<string> _databases = [];

    /// <summary>
    /// False in a project made without the sample, until its first migration: the chain tests then
    /// check what the commands say of an empty chain, and walk the real chain once there is one.
    /// </summary>
    public static bool HasMigrations { get; } = HasAnyMigration();

    [Fact]
    public async Task UpgradeDowngradeUpgrade_FromEmpty_LeavesTheSameSchema()
    {
        if (await ChainDatabaseAsync() is not { } db)
        {
            return;
        }

        var up = await db.RunAsync("upgrade");
        Assert.Equal(0, up.ExitCode);
        Assert.StartsWith("Upgraded ", up.Stdout);
        var migrated = await db.SchemaAsync();
        //#if (IncludeSample)
        Assert.Contains("items.title character varying(200) NO", migrated);
        //#endif

        var refused = await db.RunAsync("downgrade", "base");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--force", refused.Stderr);
        Assert.Equal(migrated, await db.SchemaAsync());

        var down = await db.RunAsync("downgrade", "base", "--force");
        Assert.Equal(0, down.ExitCode);
        Assert.EndsWith("Now at base.", down.Stdout.Trim());
        Assert.Equal(["__ef_migrations_history"], (await db.SchemaAsync()).Select(c => c.Split('.')[0]).Distinct());

        Assert.Equal(0, (await db.RunAsync("upgrade")).ExitCode);
        Assert.Equal(migrated, await db.SchemaAsync());
    }

    [Fact]
    public async Task Steps_PlusOneAndMinusOne_WalkTheWholeChain()
    {
        if (await ChainDatabaseAsync() is not { } db)
        {
            return;
        }
        var chain = (await db.RunAsync("history")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[1]).ToList();
        Assert.NotEmpty(chain);

        foreach (var migration in chain)
        {
            Assert.Equal(0, (await db.RunAsync("upgrade", "+1")).ExitCode);
            Assert.StartsWith(migration, (await db.RunAsync("current")).Stdout);
        }
        var tooFar = await db.RunAsync("upgrade", "+1");
        Assert.Equal(1, tooFar.ExitCode);
        Assert.Contains("0 migration(s) pending", tooFar.Stderr);

        foreach (var migration in Enumerable.Reverse(chain))
        {
            Assert.StartsWith(migration, (await db.RunAsync("current")).Stdout);
            // The last step reaches base, which outside Development needs --force.
            Assert.Equal(0, (await db.RunAsync("downgrade", "-1", "--force")).ExitCode);
        }
        Assert.StartsWith("base", (await db.RunAsync("current")).Stdout);
    }

    [Fact]
    public async Task CurrentAndHistory_ReportAppliedAndPending()
    {
        if (await ChainDatabaseAsync() is not { } db)
        {
            return;
        }

        Assert.Matches(@"^base \(\d+ pending, head is \d+_\w+\)", (await db.RunAsync("current")).Stdout);
        Assert.All((await db.RunAsync("history")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            line => Assert.StartsWith("[pending] ", line));

        await db.RunAsync("upgrade");

        Assert.EndsWith("(head)", (await db.RunAsync("current")).Stdout.Trim());
        var history = (await db.RunAsync("history")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(history, line => Assert.StartsWith("[applied] ", line));
        Assert.EndsWith("<- current (head)", history[^1]);
    }

    [Fact]
    public async Task Upgrade_TwoAtTheSameMoment_ApplyEachMigrationOnce()
    {
        if (await ChainDatabaseAsync() is not { } db)
        {
            return;
        }

        var results = await Task.WhenAll(db.RunAsync("upgrade"), db.RunAsync("upgrade"));

        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        var applied = await db.ScalarAsync<long>("SELECT count(*) FROM __ef_migrations_history");
        var distinct = await db.ScalarAsync<long>("SELECT count(DISTINCT migration_id) FROM __ef_migrations_history");
        Assert.Equal(applied, distinct);
        //#if (IncludeSample)
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
        //#endif
    }

    [Fact]
    public async Task Startup_OutsideDevelopment_MigratesNothing()
    {
        var db = await EmptyDatabaseAsync();
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("DATABASE_URL", db.ConnectionString));

        var health = await app.CreateClient().GetAsync("/api/v1/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Null(await db.ScalarAsync<string?>("SELECT to_regclass('__ef_migrations_history')::text"));
    }

    [Fact]
    public async Task Check_OnThisModel_Passes()
    {
        var output = new StringWriter();

        var exitCode = await DbCommand.RunAsync(["check"], output, output);

        Assert.Equal(0, exitCode);
        Assert.Contains("matches the migrations", output.ToString());
    }

    [Fact]
    public async Task PublishedApp_DbCommands_RunWithoutTheSdkToolsAndExitNonZeroOnFailure()
    {
        var db = await EmptyDatabaseAsync();
        var env = new Dictionary<string, string> { ["DATABASE_URL"] = db.ConnectionString };

        var up = await AppProcess.RunAsync(["db", "upgrade"], env);
        var current = await AppProcess.RunAsync(["db", "current"], env);
        var unreachable = await AppProcess.RunAsync(["db", "upgrade"], new() { ["DATABASE_URL"] = "postgresql://u:p@127.0.0.1:1/x" });

        Assert.Equal(0, up.ExitCode);
        Assert.Contains(HasMigrations ? "Upgraded " : ": nothing to do.", up.Stdout);
        Assert.Equal(0, current.ExitCode);
        Assert.EndsWith("(head)", current.Stdout.Trim());
        Assert.NotEqual(0, unreachable.ExitCode);
    }

    /// <summary>
    /// An empty database to walk the chain on; with no migration at all, instead checks that every
    /// command says so plainly and changes nothing, and returns null.
    /// </summary>
    private async Task<ScratchDatabase?> ChainDatabaseAsync()
    {
        var db = await EmptyDatabaseAsync();
        if (HasMigrations)
        {
            return db;
        }
        await AssertEmptyChainAsync(db);
        return null;
    }

    /// <summary>With no migration at all, every command must say so plainly and change nothing.</summary>
    private static async Task AssertEmptyChainAsync(ScratchDatabase db)
    {
        Assert.Equal("base (head)", (await db.RunAsync("current")).Stdout.Trim());
        Assert.Equal("No migrations yet.", (await db.RunAsync("history")).Stdout.Trim());
        var up = await db.RunAsync("upgrade");
        Assert.Equal(0, up.ExitCode);
        Assert.Contains("nothing to do", up.Stdout);
        var down = await db.RunAsync("downgrade", "-1");
        Assert.Equal(1, down.ExitCode);
        Assert.Contains("only 0 migration(s) applied", down.Stderr);
        Assert.Null(await db.ScalarAsync<string?>("SELECT to_regclass('__ef_migrations_history')::text"));
    }

    [Fact]
    public async Task Migrate_OnAnEmptyDatabase_LogsNoErrors()
    {
        // A first run used to log "Failed executing DbCommand … FROM __ef_migrations_history" twice.
        var name = await server.CreateEmptyDatabaseAsync();
        _databases.Add(name);
        using var logs = new CapturedLogs();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(name));
        var options = new DbContextOptionsBuilder<AppDbContext>();
        options.UseAppDatabase(dataSource).UseLoggerFactory(loggerFactory);
        await using var db = new AppDbContext(options.Options);

        var before = await MigrationChain.ReadAsync(db, TestContext.Current.CancellationToken);
        await MigrationChain.MigrateAsync(db, null, TestContext.Current.CancellationToken);
        var after = await MigrationChain.ReadAsync(db, TestContext.Current.CancellationToken);

        Assert.Empty(before.Applied);
        Assert.Equal(after.All, after.Applied);
        Assert.Contains(logs.Lines, line => line.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Level >= LogLevel.Warning);
    }

    private static bool HasAnyMigration()
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);
        return db.Database.GetMigrations().Any();
    }

    private async Task<ScratchDatabase> EmptyDatabaseAsync()
    {
        var name = await server.CreateEmptyDatabaseAsync();
        _databases.Add(name);
        return new ScratchDatabase(server.ConnectionStringFor(name));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _databases)
        {
            await server.DropDatabaseAsync(name);
        }
    }

    private sealed record ScratchDatabase(string ConnectionString)
    {
        public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var exitCode = await DbCommand.RunAsync(
                [.. args, "--environment", "Testing", "--DATABASE_URL", ConnectionString], stdout, stderr);
            return (exitCode, stdout.ToString(), stderr.ToString());
        }

        public Task<T> ScalarAsync<T>(string sql) => Sql.ScalarAsync<T>(ConnectionString, sql);

        /// <summary>Every column of the public schema as "table.column type nullable", in order.</summary>
        public async Task<List<string>> SchemaAsync()
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT table_name || '.' || column_name || ' ' ||
                       CASE WHEN character_maximum_length IS NULL THEN data_type
                            ELSE data_type || '(' || character_maximum_length || ')' END || ' ' || is_nullable
                FROM information_schema.columns WHERE table_schema = 'public'
                UNION ALL
                SELECT conrelid::regclass::text || '.' || conname || ' ' || pg_get_constraintdef(oid) || ' constraint'
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                ORDER BY 1
                """, connection);
            var rows = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
            return rows;
        }
    }
}
