using System.Security.Claims;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Starter.Api.Docs;
using Starter.Api.Http;
using Starter.Auth;
using Starter.Models;

namespace Starter.Api.V1.Endpoints;

/// <summary>
/// Accounts and tokens: ASP.NET Core Identity's own endpoints (register, login, refresh, confirm the
/// email, reset the password, <c>manage/info</c>), plus "sign out everywhere". Bearer tokens only.
/// </summary>
public static class AuthEndpoints
{
    // The endpoints a guesser or a spammer would hammer get the stricter per-client limit: those that
    // check a password, a code or send mail (the account's changes are POSTs to manage/…).
    private static readonly string[] Limited = ["/register", "/login", "/forgotPassword", "/resetPassword", "/resendConfirmationEmail"];
    private static readonly string[] LimitedChanges = ["/manage/info", "/manage/2fa"];

    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder v1)
    {
        var auth = v1.MapGroup("/auth")
            .WithTag("Auth", "Accounts and bearer tokens: register, log in, refresh, confirm the email address, reset the password, manage the account.")
            .WithNoStore();
        auth.MapIdentityApi<User>()
            .AddEndpointFilter(IdentityEndpointFilter.InvokeAsync)
            .WithMetadata(new HiddenParameters(IdentityEndpointFilter.CookieParameters));
        ((IEndpointConventionBuilder)auth).Add(endpoint =>
        {
            if (endpoint is not RouteEndpointBuilder { RoutePattern.RawText: { } pattern })
            {
                return;
            }
            var isPost = endpoint.Metadata.OfType<HttpMethodMetadata>().Any(m => m.HttpMethods.Contains(HttpMethods.Post));
            if (Limited.Any(pattern.EndsWith) || (isPost && LimitedChanges.Any(pattern.EndsWith)))
            {
                endpoint.Metadata.Add(new EnableRateLimitingAttribute(AuthRegistration.RateLimitPolicy));
            }
            // Answers these endpoints give that their own metadata does not declare.
            if (pattern.EndsWith("/login") || pattern.EndsWith("/refresh") || pattern.EndsWith("/confirmEmail"))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]));
            }
            if (pattern.EndsWith("/confirmEmail"))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/plain"]));
            }
        });
        auth.MapPost("/manage/signOutEverywhere", SignOutEverywhere).WithName(nameof(SignOutEverywhere))
            .RequireAuthorization();
        return v1;
    }

    /// <summary>End every session of the caller.</summary>
    /// <remarks>
    /// Every refresh token issued so far stops working. Access tokens already issued stay valid until
    /// they expire (<c>ACCESS_TOKEN_TTL_MINUTES</c>), as they are checked without a database read.
    /// </remarks>
    public static async Task<Results<NoContent, UnauthorizedHttpResult>> SignOutEverywhere(
        ClaimsPrincipal caller, UserManager<User> users)
    {
        var user = await users.GetUserAsync(caller);
        if (user is null)
        {
            return TypedResults.Unauthorized();
        }
        await users.UpdateSecurityStampAsync(user);
        return TypedResults.NoContent();
    }
}
