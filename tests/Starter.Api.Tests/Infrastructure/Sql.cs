using Npgsql;

namespace Starter.Tests.Infrastructure;

/// <summary>Reads a test database directly, to check what requests did (or did not) write.</summary>
public static class Sql
{
    /// <summary>The first column of the first row; null for SQL NULL. Parameters are $1, $2, ….</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? default! : (T)result!;
    }
}
