using Npgsql;

namespace Starter.Db.Local;

/// <summary>
/// A PostgreSQL server provisioned on this machine for development or tests. Disposing it stops the
/// server if this process started it, and deletes it if it was made to be thrown away.
/// </summary>
public sealed class LocalPostgres(string connectionString, string description, Func<ValueTask> stop) : IAsyncDisposable
{
    /// <summary>A superuser connection to the <c>postgres</c> maintenance database.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>What it is and where, for logs (no password).</summary>
    public string Description { get; } = description;

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    public ValueTask DisposeAsync() => stop();
}
