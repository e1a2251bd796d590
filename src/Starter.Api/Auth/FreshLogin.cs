using System.Globalization;
using System.Security.Claims;

namespace Starter.Auth;

/// <summary>
/// Some account changes need a login of the last few minutes, not just a valid token: a stolen or
/// refreshed token is not the account. Refused with RFC 9470's step-up challenge, a 401 that tells
/// the client to log in again rather than that its token is bad.
/// </summary>
public static class FreshLogin
{
    /// <summary>When the caller last proved the password (OpenID Connect's claim name), in Unix seconds.</summary>
    public const string ClaimType = "auth_time";

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    public static bool Holds(ClaimsPrincipal caller, TimeProvider clock) =>
        long.TryParse(caller.FindFirstValue(ClaimType), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) <= MaxAge;

    public static IResult Required(HttpResponse response)
    {
        response.Headers.WWWAuthenticate =
            $"Bearer error=\"insufficient_user_authentication\", error_description=\"Log in again with the password first\", max_age={(int)MaxAge.TotalSeconds}";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Fresh login required",
            detail: $"Reading or changing two-factor settings needs a token from a login of the last {MaxAge.TotalMinutes} minutes "
                + "(POST /api/v1/auth/login), not from a refresh or an older login.");
    }
}
