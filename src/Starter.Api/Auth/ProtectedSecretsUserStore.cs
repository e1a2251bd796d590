using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Starter.Db;
using Starter.Models;

namespace Starter.Auth;

/// <summary>
/// Identity's user store, with the authenticator key and the recovery codes kept protected by the
/// key ring in <c>user_tokens</c>: a copy of the table alone makes no codes. Identity reads and
/// writes both through these two methods (redeeming and counting recovery codes too). A value
/// written before this, without the prefix, is read as it is and protected at its next change.
/// </summary>
public sealed class ProtectedSecretsUserStore(AppDbContext context, IDataProtectionProvider keys, IdentityErrorDescriber? describer = null)
    : UserStore<User, IdentityRole<Guid>, AppDbContext, Guid>(context, describer)
{
    private const string Prefix = "dp1:";
    private const string IdentityProvider = "[AspNetUserStore]";

    private readonly IDataProtector _protector = keys.CreateProtector("Starter.Auth.UserSecrets");

    public override Task SetTokenAsync(User user, string loginProvider, string name, string? value, CancellationToken cancellationToken) =>
        base.SetTokenAsync(user, loginProvider, name, IsSecret(loginProvider, name) && value is not null ? Prefix + _protector.Protect(value) : value, cancellationToken);

    public override async Task<string?> GetTokenAsync(User user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var value = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        return IsSecret(loginProvider, name) && value is not null && value.StartsWith(Prefix, StringComparison.Ordinal)
            ? _protector.Unprotect(value[Prefix.Length..])
            : value;
    }

    private static bool IsSecret(string loginProvider, string name) =>
        loginProvider == IdentityProvider && name is "AuthenticatorKey" or "RecoveryCodes";
}
