using Npgsql;

namespace Starter.Db.Local;

/// <summary>Creating and dropping whole databases, through a superuser's maintenance connection.</summary>
public static class DatabaseAdmin
{
    /// <summary>Creates <paramref name="name"/> (as a copy of <paramref name="template"/> if given) unless it exists; true if created.</summary>
    public static async Task<bool> CreateIfMissingAsync(string maintenanceConnectionString, string name, string? template = null, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(maintenanceConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = name } },
        };
        if (await exists.ExecuteScalarAsync(ct) is not null)
        {
            return false;
        }
        var sql = $"CREATE DATABASE {Quote(name)}" + (template is null ? "" : $" TEMPLATE {Quote(template)}");
        await using var create = new NpgsqlCommand(sql, connection);
        await create.ExecuteNonQueryAsync(ct);
        return true;
    }

    /// <summary>Drops <paramref name="name"/>, closing any connection still open to it.</summary>
    public static async Task DropIfExistsAsync(string maintenanceConnectionString, string name, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(maintenanceConnectionString);
        await connection.OpenAsync(ct);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(ct);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
