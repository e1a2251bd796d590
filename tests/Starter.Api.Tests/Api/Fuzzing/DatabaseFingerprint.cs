using Npgsql;

namespace Starter.Tests.Api.Fuzzing;

/// <summary>
/// A hash of every row of every table (with each row's version, xmin), so "this request changed
/// nothing" holds for any table a project adds, not only the ones the fuzzer knows. One write a
/// refused request is meant to make is left out: a failed login counts toward the account's lockout
/// (<see cref="LockoutBookkeeping"/> of <c>users</c>).
/// </summary>
public sealed class DatabaseFingerprint : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly string _query;

    private const string LockoutBookkeeping = "'access_failed_count', 'lockout_end', 'concurrency_stamp'";

    private DatabaseFingerprint(NpgsqlConnection connection, string query) => (_connection, _query) = (connection, query);

    public static async Task<DatabaseFingerprint> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
            connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var rows = tables.Count == 0
            ? "SELECT NULL::text AS line"
            : string.Join(" UNION ALL ", tables.Select(t => t == "public.users"
                ? $"SELECT '{t}:' || (to_jsonb(r) - ARRAY[{LockoutBookkeeping}])::text AS line FROM {t} r"
                : $"SELECT '{t}:' || r::text || ':' || r.xmin AS line FROM {t} r"));
        return new DatabaseFingerprint(connection, $"SELECT coalesce(md5(string_agg(line, '|' ORDER BY line)), '') FROM ({rows}) lines");
    }

    public async Task<string> TakeAsync()
    {
        await using var command = new NpgsqlCommand(_query, _connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
