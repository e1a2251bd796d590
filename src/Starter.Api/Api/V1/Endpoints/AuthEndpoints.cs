using System.Security.Claims;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.AspNetCore.RateLimiting;
using Starter.Api.Docs;
using Starter.Auth;
using Starter.Models;

namespace Starter.Api.V1.Endpoints;

/// <summary>
/// Accounts and tokens: ASP.NET Core Identity's own endpoints (register, login, refresh, confirm the
/// email, reset the password, <c>manage/info</c>), plus "sign out everywhere". Bearer tokens only.
/// </summary>
public static class AuthEndpoints
{
    // The endpoints a guesser or a spammer would hammer get the stricter per-client limit.
    private static readonly string[] Limited = ["/register", "/login", "/forgotPassword", "/resetPassword", "/resendConfirmationEmail"];

    private static readonly string[] CookieParameters = ["useCookies", "useSessionCookies"];

    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder v1)
    {
        var auth = v1.MapGroup("/auth")
            .WithTag("Auth", "Accounts and bearer tokens: register, log in, refresh, confirm the email address, reset the password, manage the account.");
        auth.MapIdentityApi<User>().AddEndpointFilter(BearerOnly).WithMetadata(new HiddenParameters(CookieParameters));
        ((IEndpointConventionBuilder)auth).Add(endpoint =>
        {
            if (endpoint is not RouteEndpointBuilder { RoutePattern.RawText: { } pattern })
            {
                return;
            }
            if (Limited.Any(pattern.EndsWith))
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

    /// <summary>
    /// Identity's endpoints can also set cookies; this API gives bearer tokens only, so asking for a
    /// cookie (or to forget a cookie-remembered machine) is a 400. A failed login says the same
    /// whatever the reason: a "locked out" would tell a guesser that the account exists. A
    /// confirmation link with a malformed user id is the 401 of an unknown one, not Identity's 500.
    /// </summary>
    private static async ValueTask<object?> BearerOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var query = context.HttpContext.Request.Query;
        foreach (var name in CookieParameters)
        {
            if (query.ContainsKey(name))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    [name] = ["This API issues bearer tokens only: leave this parameter out."],
                });
            }
        }
        if (context.Arguments.OfType<TwoFactorRequest>().FirstOrDefault() is { ForgetMachine: true })
        {
            // Identity remembers a machine with a cookie; there is none to forget.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["forgetMachine"] = ["This API remembers no machines (it sets no cookies): leave this out or send false."],
            });
        }
        if (context.HttpContext.Request.Path.Value?.EndsWith("/confirmEmail", StringComparison.Ordinal) == true
            && !Guid.TryParse(query["userId"], out _))
        {
            // Identity would throw parsing it as a user id; an id that is no user's gets this same answer.
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Unauthorized();
        }
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        if (inner is IStatusCodeHttpResult { StatusCode: StatusCodes.Status401Unauthorized })
        {
            // A 401 names the scheme to authenticate with (RFC 9110), whichever endpoint gave it.
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        }
        if (inner is ProblemHttpResult { StatusCode: StatusCodes.Status401Unauthorized })
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Login failed",
                detail: "The email or password is wrong, the account is locked for a while after too many failures, or its email is not confirmed yet.");
        }
        return result;
    }
}
