using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Starter.Db;
using Starter.Db.Local;
using Starter.Schemas;

// Usage: Seeder <env-file>
// Provisions a throwaway PostgreSQL cluster the way the test suite does (LocalPostgresProvisioner,
// Disposable: fsync off, deleted at the end), creates the bench database, applies the starter's
// migrations, seeds a fixed set of items, writes what bench/run.sh needs to <env-file>, then holds
// the server until SIGTERM or SIGINT, when it stops and deletes it.
const string Database = "starter_bench";
const int SeededItems = 100_000;
const long DeepCursorAfterId = 90_000;

if (args is not [var envFileArg])
{
    Console.Error.WriteLine("Usage: Seeder <env-file>");
    return 64;
}
var envFile = Path.GetFullPath(envFileArg);

using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
var log = loggerFactory.CreateLogger("Seeder");

var stop = new TaskCompletionSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

var folder = Path.Combine(Path.GetTempPath(), "starter-bench-postgres", Environment.ProcessId.ToString());
await using var server = await LocalPostgresProvisioner.StartAsync(new LocalPostgresRequest("bench", folder, Disposable: true), log);
await DatabaseAdmin.DropIfExistsAsync(server.ConnectionString, Database);
await DatabaseAdmin.CreateIfMissingAsync(server.ConnectionString, Database);
var connectionString = server.ConnectionStringFor(Database);

await using var dataSource = NpgsqlDataSource.Create(connectionString);
await using (var db = new AppDbContext(AppDbContextOptions.For(dataSource)))
{
    await db.Database.MigrateAsync();
    Console.WriteLine($"Applied migrations: {string.Join(", ", await db.Database.GetAppliedMigrationsAsync())}");
}

// Deterministic rows: ids 1..N in order, every fifth without a description, the rest 12 to 120 characters.
await using (var seed = dataSource.CreateCommand(
    $"""
    INSERT INTO items (title, description, created_at, updated_at)
    SELECT 'Item ' || g,
           CASE WHEN g % 5 = 0 THEN NULL ELSE repeat('lorem ipsum ', 1 + g % 10) END,
           timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second',
           timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second'
    FROM generate_series(1, {SeededItems}) AS g
    """))
{
    await seed.ExecuteNonQueryAsync();
}
await using (var vacuum = dataSource.CreateCommand("VACUUM ANALYZE items"))
{
    await vacuum.ExecuteNonQueryAsync();
}
await using (var check = dataSource.CreateCommand("SELECT count(*), max(id), current_setting('server_version') FROM items"))
await using (var reader = await check.ExecuteReaderAsync())
{
    await reader.ReadAsync();
    var (count, maxId, version) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2));
    if (count != SeededItems || maxId != SeededItems)
    {
        throw new InvalidOperationException($"Seeding gave {count} rows up to id {maxId}, not 1..{SeededItems}.");
    }
    Console.WriteLine($"Seeded {count} items into {Database} on {server.Description}");

    // The connection string holds the throwaway cluster's password: it goes to a file only this user reads.
    string[] lines =
    [
        $"BENCH_DATABASE_URL='{connectionString}'",
        $"BENCH_SEEDED_ITEMS={SeededItems}",
        $"BENCH_DEEP_CURSOR={PageCursor.Encode(DeepCursorAfterId)}",
        $"BENCH_POSTGRES_VERSION='{version}'",
    ];
    await File.WriteAllTextAsync(envFile + ".tmp", "");
    if (!OperatingSystem.IsWindows())
    {
        File.SetUnixFileMode(envFile + ".tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
    await File.WriteAllLinesAsync(envFile + ".tmp", lines);
    File.Move(envFile + ".tmp", envFile, overwrite: true);
}
Console.WriteLine($"Ready: connection string in {envFile}; SIGTERM stops and deletes the server");

await stop.Task;
Console.WriteLine("Stopping and deleting the server");
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
