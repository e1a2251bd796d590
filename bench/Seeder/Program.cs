using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Starter.Db;
using Starter.Db.Local;
using Starter.Models;
using Starter.Schemas;

// Usage: Seeder <env-file>
// Provisions a throwaway PostgreSQL cluster the way the test suite does (LocalPostgresProvisioner,
// Disposable: fsync off, deleted at the end), creates the bench database, applies the starter's
// migrations, creates one account (through Identity's UserManager, as register does) that owns a
// fixed set of items, writes what bench/run.sh needs to <env-file> (connection string, the account's
// email and password, for run.sh to log in with), then holds the server until SIGTERM or SIGINT,
// when it stops and deletes it.
const string Database = "starter_bench";
const string BenchEmail = "bench@example.com";
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

// The account every seeded item belongs to. A fresh password per run (the cluster is thrown away
// anyway); it meets the starter's default rules: 8+ characters, digit, upper, lower, symbol.
var password = $"Bench-{Convert.ToHexString(RandomNumberGenerator.GetBytes(12))}-pw";
var ownerId = await CreateUserAsync(dataSource, BenchEmail, password);
Console.WriteLine($"Created the user {BenchEmail} ({ownerId}) through Identity's UserManager");

// Deterministic rows: ids 1..N in order, every fifth without a description, the rest 12 to 120
// characters, all owned by that user (the starter and the baseline filter on owner_id).
await using (var seed = dataSource.CreateCommand(
    $"""
    INSERT INTO items (owner_id, title, description, created_at, updated_at)
    SELECT $1,
           'Item ' || g,
           CASE WHEN g % 5 = 0 THEN NULL ELSE repeat('lorem ipsum ', 1 + g % 10) END,
           timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second',
           timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second'
    FROM generate_series(1, {SeededItems}) AS g
    """))
{
    seed.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = ownerId });
    await seed.ExecuteNonQueryAsync();
}
await using (var vacuum = dataSource.CreateCommand("VACUUM ANALYZE items, users"))
{
    await vacuum.ExecuteNonQueryAsync();
}
await using (var check = dataSource.CreateCommand(
    "SELECT count(*), max(id), count(*) FILTER (WHERE owner_id = $1), current_setting('server_version') FROM items"))
{
    check.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = ownerId });
    await using var reader = await check.ExecuteReaderAsync();
    await reader.ReadAsync();
    var (count, maxId, owned, version) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3));
    if (count != SeededItems || maxId != SeededItems || owned != SeededItems)
    {
        throw new InvalidOperationException($"Seeding gave {count} rows up to id {maxId}, {owned} of them the bench user's, not 1..{SeededItems}, all its.");
    }
    Console.WriteLine($"Seeded {count} items owned by {BenchEmail} into {Database} on {server.Description}");

    // The connection string and the account's password: they go to a file only this user reads.
    string[] lines =
    [
        $"BENCH_DATABASE_URL='{connectionString}'",
        $"BENCH_USER_EMAIL='{BenchEmail}'",
        $"BENCH_USER_PASSWORD='{password}'",
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

// The account as POST /api/v1/auth/register makes it (user name = email), through Identity's own
// UserManager and password hasher over the starter's AppDbContext, so the starter's login accepts it.
static async Task<Guid> CreateUserAsync(NpgsqlDataSource dataSource, string email, string password)
{
    var services = new ServiceCollection()
        .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
        .AddDbContext<AppDbContext>(options => options.UseAppDatabase(dataSource));
    services.AddIdentityCore<User>().AddEntityFrameworkStores<AppDbContext>();
    await using var provider = services.BuildServiceProvider();
    await using var scope = provider.CreateAsyncScope();
    var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
    var user = new User { UserName = email, Email = email, EmailConfirmed = true };
    var created = await users.CreateAsync(user, password);
    return created.Succeeded
        ? user.Id
        : throw new InvalidOperationException($"Could not create the bench user: {string.Join("; ", created.Errors.Select(e => e.Description))}");
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.TrySetResult();
}
