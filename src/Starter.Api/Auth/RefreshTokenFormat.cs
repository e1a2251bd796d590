using Microsoft.AspNetCore.Authentication;

namespace Starter.Auth;

/// <summary>
/// Refresh tokens that know their place: each carries its login's family id and its own token id
/// (in the protected ticket, so a client cannot change them). A login starts a new family; a refresh
/// continues the family with the id <see cref="RefreshTokenRotation"/> chose for the next token.
/// </summary>
public sealed class RefreshTokenFormat(ISecureDataFormat<AuthenticationTicket> inner, IHttpContextAccessor http)
    : ISecureDataFormat<AuthenticationTicket>
{
    private const string FamilyItem = "refresh.family";
    private const string TokenItem = "refresh.token";

    public string Protect(AuthenticationTicket data) => Protect(data, purpose: null);

    public string Protect(AuthenticationTicket data, string? purpose)
    {
        var (family, token) = http.HttpContext is { } context && RefreshTokenRotation.NextOf(context) is { } next
            ? next
            : (Guid.CreateVersion7(), Guid.CreateVersion7());
        data.Properties.Items[FamilyItem] = family.ToString();
        data.Properties.Items[TokenItem] = token.ToString();
        return inner.Protect(data, purpose);
    }

    public AuthenticationTicket? Unprotect(string? protectedText) => inner.Unprotect(protectedText);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose) => inner.Unprotect(protectedText, purpose);

    /// <summary>The family and token ids of a refresh ticket; null for one issued before tokens had them.</summary>
    public static (Guid Family, Guid Token)? Ids(AuthenticationTicket ticket) =>
        Guid.TryParse(ticket.Properties.GetString(FamilyItem), out var family)
        && Guid.TryParse(ticket.Properties.GetString(TokenItem), out var token)
            ? (family, token)
            : null;
}
