using System.Data;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using NpgsqlTypes;
using Starter.Schemas;

namespace Starter.Bench.Baseline;

/// <summary>
/// The starter's hot endpoints, each one SQL statement straight through Npgsql. The item routes
/// require a bearer token and, like the starter, see only the caller's rows (<c>owner_id</c>).
/// </summary>
public static class Endpoints
{
    private const int TitleMaxLength = 200;
    private const int DescriptionMaxLength = 2000;
    private const string Columns = "id, title, description, created_at, updated_at";

    public static async Task<Results<Ok<HealthRead>, ProblemHttpResult>> GetHealth(NpgsqlDataSource db, CancellationToken ct)
    {
        try
        {
            await using var command = db.CreateCommand("SELECT 1");
            command.CommandTimeout = 2;
            await command.ExecuteScalarAsync(ct);
            return TypedResults.Ok(new HealthRead("ok", "ok"));
        }
        catch (NpgsqlException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The database is unavailable");
        }
    }

    public static async Task<Results<Ok<ItemRead>, ProblemHttpResult>> GetItem(
        long id, ClaimsPrincipal caller, NpgsqlDataSource db, HttpResponse response, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"SELECT {Columns}, xmin FROM items WHERE id = $1 AND owner_id = $2");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = OwnerId(caller) });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
        if (!await reader.ReadAsync(ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound);
        }
        var item = Read(reader);
        response.Headers.ETag = $"\"{reader.GetFieldValue<uint>(5)}\"";
        return TypedResults.Ok(item);
    }

    public static async Task<Results<Ok<ItemPage>, ValidationProblem>> ListItems(
        ClaimsPrincipal caller, NpgsqlDataSource db, CancellationToken ct, int limit = 20, string? cursor = null)
    {
        if (limit is < 1 or > 100)
        {
            return Invalid("limit", "The field limit must be between 1 and 100.");
        }
        if (!PageCursor.TryDecode(cursor, out var afterId))
        {
            return Invalid("cursor", "The cursor is not one this API issued. Use a nextCursor value as given.");
        }

        await using var command = db.CreateCommand($"SELECT {Columns} FROM items WHERE id > $1 AND owner_id = $2 ORDER BY id LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = OwnerId(caller) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit + 1 });
        var rows = new List<ItemRead>(limit + 1);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add(Read(reader));
            }
        }
        if (rows.Count <= limit)
        {
            return TypedResults.Ok(new ItemPage(rows, null));
        }
        rows.RemoveAt(limit);
        return TypedResults.Ok(new ItemPage(rows, PageCursor.Encode(rows[^1].Id)));
    }

    public static async Task<Results<Created<ItemRead>, ValidationProblem>> CreateItem(
        ItemCreate create, ClaimsPrincipal caller, NpgsqlDataSource db, HttpResponse response, CancellationToken ct)
    {
        if (Problem(create) is { } invalid)
        {
            return invalid;
        }
        var now = DateTimeOffset.UtcNow;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));

        await using var command = db.CreateCommand(
            "INSERT INTO items (owner_id, title, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id, xmin");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = OwnerId(caller) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = create.Title! });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)create.Description ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
        await reader.ReadAsync(ct);
        var item = new ItemRead(reader.GetInt64(0), create.Title!, create.Description, now, now);
        response.Headers.ETag = $"\"{reader.GetFieldValue<uint>(1)}\"";
        return TypedResults.Created($"/api/v1/items/{item.Id}", item);
    }

    /// <summary>The starter's rules: title required, not blank, at most 200; description at most 2000.</summary>
    private static ValidationProblem? Problem(ItemCreate create) => create switch
    {
        // [Required] already refuses white space only, so the starter's NotBlank never gets a say.
        { Title: var t } when string.IsNullOrWhiteSpace(t) => Invalid("title", "The Title field is required."),
        { Title.Length: > TitleMaxLength } => Invalid("title", $"The field Title must be a string or array type with a maximum length of '{TitleMaxLength}'."),
        { Description.Length: > DescriptionMaxLength } => Invalid("description", $"The field Description must be a string or array type with a maximum length of '{DescriptionMaxLength}'."),
        _ => null,
    };

    /// <summary>The caller's <c>users.id</c>: the name identifier of the validated token, as the starter reads it.</summary>
    private static Guid OwnerId(ClaimsPrincipal caller) =>
        Guid.TryParse(caller.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The caller is not authenticated: the endpoint must require authorization.");

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static ItemRead Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        reader.GetFieldValue<DateTimeOffset>(4));
}
