using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Starter.Models;

namespace Starter.Auth;

/// <summary>
/// A stolen access token is not the account: changing the email address takes the current password,
/// turning two-factor authentication off or resetting its keys or codes takes a current code, and a
/// wrong current password counts toward the lockout as a failed login does. Identity's
/// <c>manage/info</c> and <c>manage/2fa</c> ask for none of this themselves.
/// </summary>
public static class AccountChangeProof
{
    /// <summary>The field and message of the proof missing from the change, or null when it may go ahead.</summary>
    public static async Task<(string Field, string Message)?> MissingAsync(
        UserManager<User> users, ClaimsPrincipal caller, InfoRequest? info, TwoFactorRequest? twoFactor)
    {
        var user = await users.GetUserAsync(caller);
        if (user is null)
        {
            return null; // Identity's own answer follows: the account is gone.
        }
        if (info is { OldPassword: { Length: > 0 } password })
        {
            var right = !await users.IsLockedOutAsync(user) && await users.CheckPasswordAsync(user, password);
            if (!right)
            {
                await users.AccessFailedAsync(user);
                return ("oldPassword", "The current password is wrong.");
            }
        }
        else if (info is { NewEmail: not null })
        {
            return ("oldPassword", "Send the current password to change the email address.");
        }
        if (twoFactor is not { } change || !(change.Enable == false || change.ResetSharedKey || change.ResetRecoveryCodes)
            || !await users.GetTwoFactorEnabledAsync(user))
        {
            return null;
        }
        var proven = change.TwoFactorCode is { Length: > 0 } code
            && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
        return proven ? null : ("twoFactorCode", "Send a current authenticator code to turn two-factor authentication off or reset its keys or codes.");
    }
}
