using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Starter.Models;

namespace Starter.Auth;

/// <summary>
/// Gives each outside issuer's subject a row in <c>users</c> (linked through <c>user_logins</c>), so
/// that rows it owns have a real foreign key, as for accounts made here. No email or password is
/// copied: an outside subject never becomes a local account by sharing an address, nor signs in
/// with a password here.
/// </summary>
public sealed class ExternalUsers(UserManager<User> users, IMemoryCache cache)
{
    private static readonly MemoryCacheEntryOptions CacheEntry = new() { SlidingExpiration = TimeSpan.FromHours(1), Size = 1 };

    /// <summary>
    /// Claim types this app sets itself, for its own tokens. An outside token that carries them
    /// (signed by the issuer or not, they are the issuer's words) has them dropped: only the link the
    /// app stores, issuer and subject to <c>users.id</c>, says who the caller is here.
    /// </summary>
    private static readonly HashSet<string> AppClaimTypes =
        [ClaimTypes.NameIdentifier, ClaimTypes.Name, ClaimTypes.Role, "AspNet.Identity.SecurityStamp"];

    /// <summary>
    /// The principal of a validated outside token as this app reads it: the token's claims but the
    /// app's own types, plus the caller's <c>users.id</c>; null if the token names no usable subject
    /// (OpenID Connect: at most 255 ASCII characters; visible ones here).
    /// </summary>
    public async Task<ClaimsPrincipal?> LocalPrincipalAsync(ClaimsPrincipal token)
    {
        var issuer = token.FindFirstValue("iss");
        var subject = token.FindFirstValue("sub");
        if (string.IsNullOrEmpty(issuer) || subject is not { Length: > 0 and <= 255 } || !subject.All(c => c is > ' ' and <= '~'))
        {
            return null;
        }
        var id = await IdForAsync(issuer, subject);
        var claims = token.Claims.Where(c => !AppClaimTypes.Contains(c.Type)).Append(new Claim(ClaimTypes.NameIdentifier, id.ToString()));
        // The default name and role claim types, which the filter above keeps out of the token's claims.
        return new ClaimsPrincipal(new ClaimsIdentity(claims, token.Identity?.AuthenticationType));
    }

    private async Task<Guid> IdForAsync(string issuer, string subject)
    {
        var key = (issuer, subject);
        if (cache.TryGetValue(key, out Guid id))
        {
            return id;
        }
        var user = await users.FindByLoginAsync(issuer, subject) ?? await CreateAsync(issuer, subject);
        cache.Set(key, user.Id, CacheEntry);
        return user.Id;
    }

    private async Task<User> CreateAsync(string issuer, string subject)
    {
        // Emails are unique and required (RequireUniqueEmail): a reserved .invalid address (RFC 2606)
        // fills the column without ever naming a mailbox, so no one can reach this user by email.
        var name = $"external-{Guid.CreateVersion7():N}";
        var user = new User { UserName = name, Email = $"{name}@subject.invalid" };
        Check(await users.CreateAsync(user));
        var linked = await users.AddLoginAsync(user, new UserLoginInfo(issuer, subject, issuer));
        if (linked.Succeeded)
        {
            return user;
        }
        // A concurrent first request for the same subject linked it first: use that user.
        await users.DeleteAsync(user);
        return await users.FindByLoginAsync(issuer, subject)
            ?? throw new InvalidOperationException($"Could not link the outside subject: {linked}");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create the user of an outside subject: {result}");
        }
    }
}
