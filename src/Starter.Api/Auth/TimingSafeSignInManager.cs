using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Starter.Models;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace Starter.Auth;

/// <summary>
/// A login costs one password hash whatever the address: Identity's answers at once for an unknown,
/// locked-out or not-yet-allowed account and hashes only for the others, so the time of an
/// otherwise identical 401 told a guesser which addresses are registered (4 ms against 99 ms).
/// </summary>
public sealed class TimingSafeSignInManager(
    UserManager<User> users,
    IHttpContextAccessor context,
    IUserClaimsPrincipalFactory<User> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<User>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<User> confirmation)
    : SignInManager<User>(users, context, claims, options, logger, schemes, confirmation)
{
    // A hash of a random password, made with the app's own hasher settings on first use.
    private static string? _dummyHash;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null || !await CanSignInAsync(user) || await IsLockedOut(user))
        {
            // Identity answers these without checking the password: spend what a check spends.
            var hasher = UserManager.PasswordHasher;
            _dummyHash ??= hasher.HashPassword(new User(), Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(user ?? new User(), _dummyHash, password ?? "");
        }
        return user is null ? SignInResult.Failed : await PasswordSignInAsync(user, password!, isPersistent, lockoutOnFailure);
    }
}
