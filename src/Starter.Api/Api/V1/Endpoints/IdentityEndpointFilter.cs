using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.EntityFrameworkCore.Storage;
using Starter.Auth;
using Starter.Db;
using Starter.Models;

namespace Starter.Api.V1.Endpoints;

/// <summary>
/// Where Identity's endpoints, written for cookies and bearer tokens alike, fall short of a
/// bearer-only API: asking for a cookie (or to forget a cookie-remembered machine) is a 400; a
/// confirmation link with a malformed user id is the 401 of an unknown one, not Identity's 500; a
/// failed login says the same whatever the reason ("locked out" would tell a guesser the account
/// exists); every 401 names its scheme; an account change needs more than the token
/// (<see cref="AccountChangeProof"/>, <see cref="FreshLogin"/>); one account's changes run one
/// at a time (<see cref="AccountChangeLock"/>); a registration and its mail commit together; a
/// refresh token works once (<see cref="RefreshTokenRotation"/>); and the answers that must not
/// tell whether an address has an account take the same time either way (<see cref="EvenResponseTime"/>).
/// </summary>
public static class IdentityEndpointFilter
{
    public static readonly string[] CookieParameters = ["useCookies", "useSessionCookies"];

    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (context.Arguments.Any(a => a is ForgotPasswordRequest or ResendConfirmationEmailRequest))
        {
            return await EvenResponseTime.AtLeastFloorAsync(() => CheckedAsync(context, next), http.RequestAborted);
        }
        var changesAccount = IsAccountChange(context);
        if (!changesAccount && !context.Arguments.Any(a => a is RegisterRequest))
        {
            return await CheckedAsync(context, next);
        }
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        // The account and the mail it sends (Auth/Mail/OutboxEmailSender.cs) commit together, or neither.
        await using var transaction = await BeginAsync(db, http, changesAccount);
        var result = await CheckedAsync(context, next);
        // Refusals too: a wrong current password counts toward the lockout.
        await transaction.CommitAsync(http.RequestAborted);
        return result;
    }

    /// <summary>An account change holds the account's lock (<see cref="AccountChangeLock"/>); a registration needs only the transaction.</summary>
    private static Task<IDbContextTransaction> BeginAsync(AppDbContext db, HttpContext http, bool changesAccount) =>
        changesAccount
            ? AccountChangeLock.TakeAsync(db, http.User, http.RequestAborted)
            : db.Database.BeginTransactionAsync(http.RequestAborted);

    /// <summary><c>manage/info</c> and <c>manage/2fa</c> (POST): they change the caller's account.</summary>
    private static bool IsAccountChange(EndpointFilterInvocationContext context) =>
        context.Arguments.Any(a => a is InfoRequest or TwoFactorRequest);

    private static async ValueTask<object?> CheckedAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var refused = Refusal(context);
        if (refused is null)
        {
            refused = await ProofMissingAsync(context);
        }
        if (refused is null)
        {
            refused = await ReplayedRefreshAsync(context);
        }
        if (refused is not null)
        {
            return refused;
        }
        var result = await next(context);
        var inner = result is INestedHttpResult nested ? nested.Result : result;
        if (inner is IStatusCodeHttpResult { StatusCode: StatusCodes.Status401Unauthorized })
        {
            // RFC 9110: a 401 names the scheme to authenticate with.
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        }
        return inner is ProblemHttpResult { StatusCode: StatusCodes.Status401Unauthorized }
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Login failed",
                detail: "The email or password is wrong, a two-factor code (twoFactorCode or twoFactorRecoveryCode) is needed or wrong, "
                    + "the account is locked for a while after too many failures, or its email is not confirmed yet.")
            : result;
    }

    private static IResult? Refusal(EndpointFilterInvocationContext context)
    {
        var request = context.HttpContext.Request;
        if (CookieParameters.FirstOrDefault(request.Query.ContainsKey) is { } cookie)
        {
            return Invalid(cookie, "This API issues bearer tokens only: leave this parameter out.");
        }
        if (context.Arguments.OfType<TwoFactorRequest>().FirstOrDefault() is { ForgetMachine: true })
        {
            return Invalid("forgetMachine", "This API remembers no machines (it sets no cookies): leave this out or send false.");
        }
        if (request.Path.Value?.EndsWith("/confirmEmail", StringComparison.Ordinal) == true && !Guid.TryParse(request.Query["userId"], out _))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Unauthorized();
        }
        return null;
    }

    /// <summary>The proof an account change needs beyond the token (<see cref="AccountChangeProof"/>).</summary>
    private static async Task<IResult?> ProofMissingAsync(EndpointFilterInvocationContext context)
    {
        var info = context.Arguments.OfType<InfoRequest>().FirstOrDefault();
        var twoFactor = context.Arguments.OfType<TwoFactorRequest>().FirstOrDefault();
        if (info is null && twoFactor is null)
        {
            return null;
        }
        var http = context.HttpContext;
        if (twoFactor is not null && !FreshLogin.Holds(http.User, http.RequestServices.GetRequiredService<TimeProvider>()))
        {
            // Even reading the state shows the authenticator key: whoever has it makes the codes.
            return FreshLogin.Required(http.Response);
        }
        var users = http.RequestServices.GetRequiredService<UserManager<User>>();
        var missing = await AccountChangeProof.MissingAsync(users, http.User, info, twoFactor);
        return missing is { } error ? Invalid(error.Field, error.Message) : null;
    }

    /// <summary>A refresh token used before: refused, and its login's tokens with it (<see cref="RefreshTokenRotation"/>).</summary>
    private static async Task<IResult?> ReplayedRefreshAsync(EndpointFilterInvocationContext context)
    {
        if (context.Arguments.OfType<RefreshRequest>().FirstOrDefault() is not { RefreshToken: { } token })
        {
            return null;
        }
        var rotated = await RefreshTokenRotation.TryRotateAsync(context.HttpContext, token);
        if (rotated)
        {
            return null;
        }
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Refresh token already used",
            detail: "A refresh token works once. This one was used before, so every token of its login is revoked: log in again.");
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
