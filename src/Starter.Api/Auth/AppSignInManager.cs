using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Starter.Models;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace Starter.Auth;

/// <summary>
/// Identity's sign-in, with two changes. A login costs one password hash whatever the address:
/// Identity answers at once for an unknown, locked-out or not-yet-allowed account and hashes only
/// for the others, so the time of an otherwise identical 401 told a guesser which addresses are
/// registered (4 ms against 99 ms). And a token from a login (password, or password and code)
/// carries <c>auth_time</c>, which tokens from a refresh do not: <see cref="FreshLogin"/> reads it.
/// </summary>
public sealed class AppSignInManager(
    UserManager<User> users,
    IHttpContextAccessor context,
    IUserClaimsPrincipalFactory<User> claims,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<User>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<User> confirmation,
    TimeProvider clock)
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

    /// <summary>Identity signs in a checked login here, with its <c>amr</c> claim ("pwd", "mfa").</summary>
    public override Task SignInWithClaimsAsync(User user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var loggedIn = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return base.SignInWithClaimsAsync(user, authenticationProperties, [.. additionalClaims, new Claim(FreshLogin.ClaimType, loggedIn)]);
    }
}
