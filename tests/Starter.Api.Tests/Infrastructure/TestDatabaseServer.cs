using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Starter.Core;
using Starter.Db;
using Starter.Db.Local;

[assembly: AssemblyFixture(typeof(Starter.Tests.Infrastructure.TestDatabaseServer))]

namespace Starter.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server of one test run: <c>TEST_DATABASE_URL</c> if set (as CI services do), else a
/// throwaway local cluster provisioned like the dev one. Migrates a template database once; every
/// test class then gets its own copy of it, so classes run in parallel and share no rows.
/// </summary>
public sealed class TestDatabaseServer : IAsyncLifetime
{
    public const string UrlVariable = "TEST_DATABASE_URL";

    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private LocalPostgres? _local;
    private string _maintenance = "";
    private string _template = "";

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url)
        {
            var parsed = DatabaseUrl.TryParse(url, out var error)
                ?? throw new InvalidOperationException($"{UrlVariable} is not valid: {error}");
            _maintenance = parsed.ConnectionString;
        }
        else
        {
            var folder = Path.Combine(Path.GetTempPath(), "starter-test-postgres", $"{Environment.ProcessId}-{_runId}");
            _local = await LocalPostgresProvisioner.StartAsync(
                new LocalPostgresRequest("tests", folder, Disposable: true), NullLogger.Instance);
            _maintenance = _local.ConnectionString;
        }

        _template = $"{Naming.Database("test")}_{_runId}_template";
        await DatabaseAdmin.CreateIfMissingAsync(_maintenance, _template);
        // No pooling: a template must have no open connection when it is copied.
        await using var dataSource = NpgsqlDataSource.Create(ConnectionStringFor(_template, pooling: false));
        await using var db = new AppDbContext(AppDbContextOptions.For(dataSource));
        await db.Database.MigrateAsync();
    }

    /// <summary>A new database with every migration applied, for one test class.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"{Naming.Database("test")}_{_runId}_{Guid.NewGuid().ToString("N")[..12]}";
        await DatabaseAdmin.CreateIfMissingAsync(_maintenance, name, _template);
        return name;
    }

    /// <summary>A new database with nothing in it, for tests of the migrations themselves.</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = $"{Naming.Database("test")}_{_runId}_{Guid.NewGuid().ToString("N")[..12]}";
        await DatabaseAdmin.CreateIfMissingAsync(_maintenance, name);
        return name;
    }

    public Task DropDatabaseAsync(string name) => DatabaseAdmin.DropIfExistsAsync(_maintenance, name);

    public string ConnectionStringFor(string database, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder(_maintenance) { Database = database, Pooling = pooling }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        if (_template.Length > 0)
        {
            await DatabaseAdmin.DropIfExistsAsync(_maintenance, _template);
        }
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }
    }
}
