using System.Security.Claims;

namespace Starter.Auth;

/// <summary>Who is calling, read from the authenticated principal: no database round trip per request.</summary>
public static class CurrentUser
{
    /// <summary>
    /// The caller's <c>users.id</c>. This API's tokens carry it as the name identifier; for an outside
    /// issuer's token, <see cref="ExternalUsers"/> adds it once the token is validated.
    /// </summary>
    public static Guid Id(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : throw new InvalidOperationException("The caller is not authenticated: the endpoint must require authorization.");
}
