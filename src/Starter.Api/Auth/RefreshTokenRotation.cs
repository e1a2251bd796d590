using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starter.Db;

namespace Starter.Auth;

/// <summary>
/// Refresh-token rotation with reuse detection (RFC 9700 §4.14.2): a refresh token works once. Its
/// family (the tokens descended from one login) records the one token that may be exchanged next,
/// in PostgreSQL so every instance agrees; exchanging any other token of the family, a replay by a
/// thief or by the client it was stolen from, revokes the whole family, and both must log in again.
/// </summary>
public static partial class RefreshTokenRotation
{
    private static readonly object NextKey = new();

    /// <summary>
    /// Moves the family of <paramref name="refreshToken"/> on to a new token, whose ids
    /// <see cref="RefreshTokenFormat"/> then writes into it; false when the token was used before (and
    /// its family is revoked now). A token Identity will refuse anyway (unreadable, expired) passes.
    /// </summary>
    public static async Task<bool> TryRotateAsync(HttpContext http, string refreshToken)
    {
        var services = http.RequestServices;
        var bearer = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var ticket = bearer.RefreshTokenProtector.Unprotect(refreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || expires <= now)
        {
            return true;
        }
        if (RefreshTokenFormat.Ids(ticket) is not { } ids)
        {
            return false; // From before rotation: it cannot be told from a replay.
        }
        var (family, token) = ids;
        var db = services.GetRequiredService<AppDbContext>().Database;
        var ct = http.RequestAborted;
        // A family's first refresh: the login's own token is its current one.
        await db.ExecuteSqlAsync(
            $"INSERT INTO refresh_token_families (family_id, current_token_id, expires_at) VALUES ({family}, {token}, {expires}) ON CONFLICT (family_id) DO NOTHING",
            ct);
        var next = Guid.CreateVersion7();
        // One statement: of two concurrent exchanges of one token, the second finds it no longer current.
        var rotated = await db.ExecuteSqlAsync(
            $"UPDATE refresh_token_families SET current_token_id = {next}, expires_at = {now + bearer.RefreshTokenExpiration} WHERE family_id = {family} AND current_token_id = {token} AND revoked_at IS NULL",
            ct);
        if (rotated == 1)
        {
            http.Items[NextKey] = (family, next);
            return true;
        }
        await db.ExecuteSqlAsync($"UPDATE refresh_token_families SET revoked_at = {now} WHERE family_id = {family} AND revoked_at IS NULL", ct);
        LogReuse(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RefreshTokenRotation)),
            family, ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        return false;
    }

    /// <summary>The ids chosen for the token this request issues, if it is a refresh.</summary>
    public static (Guid Family, Guid Token)? NextOf(HttpContext http) =>
        http.Items.TryGetValue(NextKey, out var next) ? ((Guid, Guid))next! : null;

    [LoggerMessage(LogLevel.Warning, "A used refresh token was presented again: every token of its login (family {FamilyId}, user {UserId}) is revoked")]
    private static partial void LogReuse(ILogger logger, Guid familyId, string? userId);
}
