using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
//#if (IncludeAuth)
using Starter.Auth;
//#endif
using Starter.Core;
using Starter.Db;
using Starter.Models;

namespace Starter.Api.Idempotency;

/// <summary>
/// Honours <c>Idempotency-Key</c> (the IETF httpapi draft) on the endpoint it is added to. In one
/// transaction: take a lock on (caller, key) that every instance sees, then either replay the stored
/// outcome of an earlier request with that key, or run the endpoint and store its 2xx outcome with
/// the endpoint's own writes, so that a crash leaves both or neither. Same key, different request:
/// 422. Same key while the first request still runs: 409. Without the header: the endpoint as is.
/// </summary>
public sealed class IdempotencyFilter(AppDbContext db, TimeProvider clock, IOptions<IdempotencyOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IEndpointFilter
{
    public const string HeaderName = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return await next(context);
        }
        if (IdempotencyKey.Parse(values) is not { } key)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [HeaderName] = [IdempotencyKey.Rule] });
        }
        var scope = Scope(http);
        var hash = RequestHash(context);
        var ct = http.RequestAborted;

        // The endpoint's SaveChanges joins this transaction; no savepoint is needed around it.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var locked = await TryLockAsync(scope, key, ct);
        if (!locked)
        {
            return IdempotencyProblems.InFlight(http.Response);
        }
        var now = clock.GetUtcNow();
        var stored = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(Matching(scope, key), ct);
        if (stored is not null && stored.ExpiresAt > now)
        {
            return stored.RequestHash.AsSpan().SequenceEqual(hash) ? CapturedResponse.From(stored) : IdempotencyProblems.Mismatch();
        }
        if (stored is not null)
        {
            await db.IdempotencyRecords.Where(Matching(scope, key)).ExecuteDeleteAsync(ct);
        }

        var headersBefore = http.Response.Headers.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var result = await next(context);
        if (result is IStatusCodeHttpResult { StatusCode: < 200 or >= 300 })
        {
            // Nothing worth keeping: the transaction rolls back, the result goes out as it is (a
            // bodiless 404 still becomes a problem), and a retry runs anew.
            return result;
        }
        var captured = await CapturedResponse.CaptureAsync(http, result, headersBefore);
        if (captured.IsSuccess)
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Scope = scope,
                Key = key,
                RequestHash = hash,
                StatusCode = captured.StatusCode,
                Headers = captured.Headers,
                Body = captured.Body,
                CreatedAt = now,
                ExpiresAt = now.AddHours(options.Value.KeyTtlHours),
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return captured;
    }

    /// <summary>
    /// A lock on the key for this transaction, in PostgreSQL so every instance sees it (and one that
    /// a transaction-mode pooler keeps, as it lives no longer than the transaction). Not waited for:
    /// a retry that arrives while the first request runs is told so at once.
    /// </summary>
    private async Task<bool> TryLockAsync(string scope, string key, CancellationToken ct)
    {
        var name = $"idempotency:{scope}:{key}";
        return await db.Database
            .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtextextended({name}, 0)) AS \"Value\"")
            .SingleAsync(ct);
    }

    private static Expression<Func<IdempotencyRecord, bool>> Matching(string scope, string key) =>
        record => record.Scope == scope && record.Key == key;

    private static string Scope(HttpContext http) =>
        //#if (IncludeAuth)
        http.User.Identity?.IsAuthenticated == true ? http.User.Id().ToString() :
        //#endif
        string.Empty;

    /// <summary>The method, the path and query, and the body as bound (so spacing and field order do not count).</summary>
    private byte[] RequestHash(EndpointFilterInvocationContext context)
    {
        var request = context.HttpContext.Request;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var bodyType = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (bodyType is not null && context.Arguments.FirstOrDefault(a => a?.GetType() == bodyType) is { } body)
        {
            hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(body, bodyType, json.Value.SerializerOptions));
        }
        return hash.GetHashAndReset();
    }
}
