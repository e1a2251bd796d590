namespace Starter.Models;

/// <summary>
/// A row of <c>idempotency_keys</c>: the outcome of a request made with an <c>Idempotency-Key</c>,
/// stored in the transaction that made it and replayed to the request's retries until it expires.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int KeyMaxLength = 255;

    /// <summary>Whose key it is: the caller's user id, or empty where requests are anonymous. Keys of different callers never meet.</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of the method, the path and the bound body: a retry must match it.</summary>
    public required byte[] RequestHash { get; set; }

    public int StatusCode { get; set; }

    /// <summary>The headers the endpoint set, as <c>Name: value</c> lines (Location, ETag, Content-Type).</summary>
    public required string[] Headers { get; set; }

    public required byte[] Body { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
