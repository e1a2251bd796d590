using Npgsql;

namespace Starter.Db.Local;

/// <summary>
/// A PostgreSQL server provisioned on this machine for development or tests. Disposing it stops the
/// server if this process started it, and deletes it if it was made to be thrown away.
/// </summary>
public sealed class LocalPostgres(
    string connectionString, string description, Func<ValueTask> dispose, Func<Task> stopServer, Func<Task> startServer)
    : IAsyncDisposable
{
    /// <summary>A superuser connection to the <c>postgres</c> maintenance database.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>What it is and where, for logs (no password).</summary>
    public string Description { get; } = description;

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    /// <summary>Stops the server but keeps it, to see how the app behaves while the database is away.</summary>
    public Task StopServerAsync() => stopServer();

    /// <summary>Starts a stopped server again, on the same port.</summary>
    public Task StartServerAsync() => startServer();

    public ValueTask DisposeAsync() => dispose();
}
