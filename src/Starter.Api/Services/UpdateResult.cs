using Starter.Schemas;

namespace Starter.Services;

/// <summary>What a service's update of one row did.</summary>
public enum UpdateStatus
{
    Updated,
    NotFound,

    /// <summary>The row is at another version than the caller's <c>If-Match</c> named.</summary>
    VersionMismatch,
}

/// <summary>What an update did; <see cref="Row"/> (the row as it now is) is set when it updated.</summary>
public sealed record UpdateResult<TRead>(UpdateStatus Status, Versioned<TRead>? Row);

/// <summary>The three results, made: <c>UpdateResult.NotFound&lt;ItemRead&gt;()</c>.</summary>
public static class UpdateResult
{
    public static UpdateResult<TRead> NotFound<TRead>() => new(UpdateStatus.NotFound, null);

    public static UpdateResult<TRead> VersionMismatch<TRead>() => new(UpdateStatus.VersionMismatch, null);

    public static UpdateResult<TRead> Updated<TRead>(Versioned<TRead> row) => new(UpdateStatus.Updated, row);
}
