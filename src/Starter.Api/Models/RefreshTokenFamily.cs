namespace Starter.Models;

/// <summary>
/// A row of <c>refresh_token_families</c>: the refresh tokens descended from one login, of which
/// only the newest may be exchanged. Written at a family's first refresh; a login that is never
/// refreshed leaves no row.
/// </summary>
public sealed class RefreshTokenFamily
{
    public Guid FamilyId { get; set; }

    /// <summary>The one token of the family that may be exchanged next; any other is a replay.</summary>
    public Guid CurrentTokenId { get; set; }

    /// <summary>When a replay was seen: from then on no token of the family is exchanged.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When the newest token expires: the row is useless after that, and the clean-up deletes it.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
