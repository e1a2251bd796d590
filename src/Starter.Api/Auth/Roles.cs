using Starter.Db;

namespace Starter.Auth;

/// <summary>
/// The roles this API knows, as rows of <c>roles</c> (seeded by a migration), and the policies that
/// require them. Add a role here and in <c>Db/UserConfiguration.cs</c>'s seed, with a migration.
/// </summary>
public static class Roles
{
    /// <summary>May manage accounts (<c>/api/v1/admin/users</c>) and read every user's rows.</summary>
    public const string Admin = "admin";

    /// <summary>The admin role's row: fixed, so the migration that seeds it and the code agree.</summary>
    public static readonly Guid AdminId = new("0192f0a0-0000-7000-8000-00000000ad01");

    /// <summary>
    /// The policy of the admin endpoints: an admin by the database, now. The role claim in a token
    /// lasts until the token expires; this policy does not wait for that.
    /// </summary>
    public const string AdminPolicy = "admin";

    /// <summary>
    /// The admins who can sign in at <paramref name="now"/>: in <c>user_roles</c> with the admin role
    /// and not locked out. The admin policy asks it of the caller; an admin change, of the others.
    /// </summary>
    public static IQueryable<Guid> ActiveAdminIds(AppDbContext db, DateTimeOffset now) =>
        db.UserRoles.Where(ur => ur.RoleId == AdminId)
            .Where(ur => db.Users.Any(u => u.Id == ur.UserId && (u.LockoutEnd == null || u.LockoutEnd <= now)))
            .Select(ur => ur.UserId);
}
