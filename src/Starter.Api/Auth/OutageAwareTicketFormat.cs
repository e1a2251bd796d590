using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Starter.Api.Problems;

namespace Starter.Auth;

/// <summary>
/// This API's bearer and refresh tokens, in the framework's own format (a ticket, protected, base64url),
/// with one difference: when the key ring cannot be read because the database is away, the caller
/// gets the 503 of every other outage, not a 401 that tells its client to throw the tokens away.
/// The framework's format answers "not a valid token" to every failure.
/// </summary>
public sealed class OutageAwareTicketFormat(IDataProtector protector) : ISecureDataFormat<AuthenticationTicket>
{
    public string Protect(AuthenticationTicket data) => Protect(data, purpose: null);

    public string Protect(AuthenticationTicket data, string? purpose) =>
        Base64UrlTextEncoder.Encode(For(purpose).Protect(TicketSerializer.Default.Serialize(data)));

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText))
        {
            return null;
        }
        try
        {
            return TicketSerializer.Default.Deserialize(For(purpose).Unprotect(Base64UrlTextEncoder.Decode(protectedText)));
        }
        catch (Exception e) when (!DatabaseUnavailable.Caused(e))
        {
            // Malformed, forged, or protected with a key this ring does not hold.
            return null;
        }
    }

    private IDataProtector For(string? purpose) => string.IsNullOrEmpty(purpose) ? protector : protector.CreateProtector(purpose);
}
