using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Starter.Auth;

namespace Starter.Api.Docs;

/// <summary>
/// What ASP.NET Core Identity's endpoints do not say of themselves: an operation id, a summary and a
/// description for each, and examples for their request bodies. Keyed by the route's last segments.
/// </summary>
public sealed class IdentityOperations : IOpenApiOperationTransformer
{
    private static readonly FrozenDictionary<string, (string Id, string Summary, string Description)> Operations =
        new Dictionary<string, (string, string, string)>
        {
            ["POST /register"] = ("Register", "Create an account.",
                "The password must meet the rules of PASSWORD_MIN_LENGTH and PASSWORD_REQUIRE_MIXED. A confirmation link is mailed. "
                + "An address already registered is a 400 naming it: Identity's register says so, unlike login and the reset endpoints."),
            ["POST /login"] = ("Login", "Log in: get an access token and a refresh token.",
                "Send accessToken in the Authorization header after the word Bearer; it expires after expiresIn seconds. "
                + "Every failure is the same 401: a wrong address or password, a missing two-factor code and a locked-out account look alike."),
            ["POST /refresh"] = ("Refresh", "Trade a refresh token for new tokens.",
                "Answers 401 once the refresh token has expired, or after a password change or sign-out-everywhere."),
            ["GET /confirmEmail"] = ("ConfirmEmail", "Confirm an email address.", "The link mailed at register and at an address change lands here."),
            ["POST /resendConfirmationEmail"] = ("ResendConfirmationEmail", "Mail the confirmation link again.",
                "Answers 200 whether or not the address is registered."),
            ["POST /forgotPassword"] = ("ForgotPassword", "Mail a password reset code.", "Answers 200 whether or not the address is registered."),
            ["POST /resetPassword"] = ("ResetPassword", "Set a new password with a mailed reset code.",
                "Ends every session: refresh tokens issued before stop working."),
            ["POST /manage/2fa"] = ("ManageTwoFactor", "Read or change two-factor authentication.",
                "Authenticator-app codes and recovery codes. {} reads the state and the shared key; enable with a twoFactorCode turns it on. "
                + "Once on, turning it off or resetting the key or the recovery codes needs a current twoFactorCode. "
                + "Every call needs an access token from a login of the last 10 minutes, not from a refresh: otherwise a 401 "
                + "with WWW-Authenticate: Bearer error=\"insufficient_user_authentication\", max_age=600 (RFC 9470) asks to log in again."),
            ["GET /manage/info"] = ("GetAccountInfo", "Read the caller's account.", "Its email address and whether that is confirmed."),
            ["POST /manage/info"] = ("UpdateAccountInfo", "Change the caller's email or password.",
                "Both need the current password (oldPassword); a wrong one counts toward the lockout. A new email takes effect once its mailed link "
                + "is followed. A new password ends every session: refresh tokens issued before stop working."),
        }.ToFrozenDictionary();

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // "api/v1/auth/manage/info" → "/manage/info".
        var route = context.Description.RelativePath ?? "";
        var auth = route.IndexOf("/auth/", StringComparison.Ordinal);
        if (auth >= 0 && Operations.TryGetValue($"{context.Description.HttpMethod} {route[(auth + "/auth".Length)..]}", out var documented))
        {
            var (id, summary, description) = documented;
            operation.OperationId = id;
            operation.Summary = summary;
            operation.Description = description;
        }
        return Task.CompletedTask;
    }
}

/// <summary>Examples for Identity's request bodies, the shape of the addresses it stores, and item types for its untyped arrays.</summary>
public sealed class IdentitySchemas : IOpenApiSchemaTransformer
{
    private const string Email = "ada@example.com";
    private const string Password = "Correct-h0rse";

    private static readonly FrozenDictionary<Type, Func<JsonNode>> Examples = new Dictionary<Type, Func<JsonNode>>
    {
        [typeof(RegisterRequest)] = () => new JsonObject { ["email"] = Email, ["password"] = Password },
        [typeof(LoginRequest)] = () => new JsonObject { ["email"] = Email, ["password"] = Password },
        [typeof(RefreshRequest)] = () => new JsonObject { ["refreshToken"] = "CfDJ8…" },
        [typeof(ResendConfirmationEmailRequest)] = () => new JsonObject { ["email"] = Email },
        [typeof(ForgotPasswordRequest)] = () => new JsonObject { ["email"] = Email },
        [typeof(ResetPasswordRequest)] = () => new JsonObject { ["email"] = Email, ["resetCode"] = "CfDJ8…", ["newPassword"] = "Battery-stap1e" },
        [typeof(InfoRequest)] = () => new JsonObject { ["newPassword"] = "Battery-stap1e", ["oldPassword"] = Password },
        // Reads the state and the shared key; changing it is described on the operation.
        [typeof(TwoFactorRequest)] = () => new JsonObject(),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<Type, string> StoredAddresses = new Dictionary<Type, string>
    {
        [typeof(RegisterRequest)] = "email",
        [typeof(InfoRequest)] = "newEmail",
    }.ToFrozenDictionary();

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && Examples.TryGetValue(context.JsonTypeInfo.Type, out var example))
        {
            schema.Examples = [example()];
        }
        if (context.JsonPropertyInfo is null && StoredAddresses.TryGetValue(context.JsonTypeInfo.Type, out var field)
            && schema.Properties?.TryGetValue(field, out var found) == true && found is OpenApiSchema address)
        {
            // Where an address is stored, it must be one, and fit its column (AddressLengthValidator).
            address.Format = "email";
            address.MaxLength = AddressLengthValidator.MaxLength;
        }
        return Task.CompletedTask;
    }
}
