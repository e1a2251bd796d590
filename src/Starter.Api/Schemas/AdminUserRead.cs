using System.ComponentModel.DataAnnotations;
namespace Starter.Schemas;

/// <summary>An account as an administrator sees it.</summary>
/// <param name="Id">The account's id (<c>users.id</c>): the owner of its rows.</param>
/// <param name="Email">The address the account signs in with.</param>
/// <param name="EmailConfirmed">Whether the address was confirmed through the mailed link.</param>
/// <param name="LockedOut">Whether the account is locked out now: by an administrator, or by failed logins until <c>lockoutEnd</c>.</param>
/// <param name="LockoutEnd">When a lockout after failed logins ends; null when not locked out, and for an administrator's lock, which lasts until unlocked.</param>
/// <param name="TwoFactorEnabled">Whether login asks for an authenticator code.</param>
/// <param name="Roles">The account's roles, by name, in order.</param>
public sealed record AdminUserRead(
    Guid Id,
    [property: MaxLength(256)] string Email,
    bool EmailConfirmed,
    bool LockedOut,
    DateTimeOffset? LockoutEnd,
    bool TwoFactorEnabled,
    IReadOnlyList<string> Roles) : IExample<AdminUserRead>
{
    public static AdminUserRead Example { get; } = new(
        new Guid("0192f0a1-5c3e-7b2a-9d4e-1f2a3b4c5d6e"), "ada@example.com", true, false, null, false, ["admin"]);
}
