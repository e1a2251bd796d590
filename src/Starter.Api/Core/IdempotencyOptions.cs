using System.ComponentModel.DataAnnotations;

namespace Starter.Core;

/// <summary>How long the outcome of a request made with an <c>Idempotency-Key</c> is kept for its retries.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>Hours a key is remembered; a retry after that runs as a new request. Rows are deleted hourly once expired.</summary>
    [ConfigurationKeyName("IDEMPOTENCY_KEY_TTL_HOURS")]
    [Range(1, 720)]
    public int KeyTtlHours { get; set; } = 24;
}
