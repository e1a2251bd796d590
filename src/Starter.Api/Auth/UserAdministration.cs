using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Starter.Db;
using Starter.Models;
using Starter.Schemas;

namespace Starter.Auth;

/// <summary>
/// What an administrator may do to accounts, for the admin endpoints and for <c>db admin</c>: list,
/// read, lock, unlock, grant and revoke roles, delete. A change that would leave no admin who can sign
/// in is refused, under one advisory lock so that two admins revoking each other cannot both win.
/// Every change writes one log line: who, what, whom.
/// </summary>
public sealed partial class UserAdministration(
    AppDbContext db, UserManager<User> users, RoleManager<IdentityRole<Guid>> roles, ILookupNormalizer normalizer, TimeProvider clock, ILogger<UserAdministration> logger)
{
    /// <summary>Who acts when <c>db admin</c> does, in the log lines.</summary>
    public const string CommandLine = "db admin (command line)";

    // Serializes every change that can remove an admin, on every instance (pg_advisory_xact_lock's key).
    private const long AdminsLockKey = 0x61646d696e73; // "admins"

    private static readonly DateTimeOffset Forever = DateTimeOffset.MaxValue;

    /// <summary>A page of accounts in (normalized) address order, those whose address holds <paramref name="search"/> if given.</summary>
    public async Task<AdminUserPage> ListAsync(string? search, string? afterEmail, int limit, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrEmpty(search))
        {
            var pattern = "%" + EscapeLike(normalizer.NormalizeEmail(search)) + "%";
            query = query.Where(u => EF.Functions.Like(u.NormalizedEmail!, pattern, "\\"));
        }
        if (afterEmail is not null)
        {
            query = query.Where(u => string.Compare(u.NormalizedEmail, afterEmail) > 0);
        }
        var rows = await query.OrderBy(u => u.NormalizedEmail).Take(limit + 1).Select(ToRead(clock.GetUtcNow())).ToListAsync(ct);
        var next = rows.Count > limit ? PageCursor.EncodeText(normalizer.NormalizeEmail(rows[limit - 1].Email)) : null;
        return new AdminUserPage([.. rows.Take(limit)], next);
    }

    public Task<AdminUserRead?> GetAsync(Guid id, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == id).Select(ToRead(clock.GetUtcNow())).SingleOrDefaultAsync(ct);

    /// <summary>
    /// Locks the account with no end: logins fail, and so does every refresh token it holds (its
    /// security stamp changes). Its access tokens work until they expire, as after a new password.
    /// </summary>
    public Task<AdminResult> LockAsync(string by, Guid id, CancellationToken ct) =>
        ChangeAsync(by, "lock", id, removesAdmin: true, async user =>
        {
            await Check(users.SetLockoutEnabledAsync(user, true));
            await Check(users.SetLockoutEndDateAsync(user, Forever));
            await Check(users.UpdateSecurityStampAsync(user));
            return AdminChange.Done;
        }, ct);

    /// <summary>Ends a lockout, an administrator's or one from failed logins, and clears the failed count.</summary>
    public Task<AdminResult> UnlockAsync(string by, Guid id, CancellationToken ct) =>
        ChangeAsync(by, "unlock", id, removesAdmin: false, async user =>
        {
            // An account with lockout off (set by hand) has no lockout to end.
            if (await users.GetLockoutEnabledAsync(user))
            {
                await Check(users.SetLockoutEndDateAsync(user, null));
            }
            await Check(users.ResetAccessFailedCountAsync(user));
            return AdminChange.Done;
        }, ct);

    /// <summary>Gives the account <paramref name="role"/>; its next token carries it (a refresh or a login).</summary>
    public Task<AdminResult> GrantAsync(string by, Guid id, string role, CancellationToken ct) =>
        ChangeAsync(by, $"grant role {role}", id, removesAdmin: false, async user =>
        {
            if (!await roles.RoleExistsAsync(role))
            {
                return AdminChange.UnknownRole;
            }
            if (!await users.IsInRoleAsync(user, role))
            {
                await Check(users.AddToRoleAsync(user, role));
            }
            return AdminChange.Done;
        }, ct);

    /// <summary>
    /// Takes <paramref name="role"/> away. The admin endpoints refuse a revoked admin at once; the role
    /// claim in tokens already issued lasts until the next refresh, at most <c>ACCESS_TOKEN_TTL_MINUTES</c>.
    /// </summary>
    public Task<AdminResult> RevokeAsync(string by, Guid id, string role, CancellationToken ct) =>
        ChangeAsync(by, $"revoke role {role}", id, removesAdmin: normalizer.NormalizeName(role) == normalizer.NormalizeName(Roles.Admin), async user =>
        {
            if (!await roles.RoleExistsAsync(role))
            {
                return AdminChange.UnknownRole;
            }
            if (await users.IsInRoleAsync(user, role))
            {
                await Check(users.RemoveFromRoleAsync(user, role));
            }
            return AdminChange.Done;
        }, ct);

    /// <summary>Deletes the account; the database deletes what it owns (its foreign keys cascade), in the same statement.</summary>
    public Task<AdminResult> DeleteAsync(string by, Guid id, CancellationToken ct) =>
        ChangeAsync(by, "delete", id, removesAdmin: true, async user =>
        {
            await Check(users.DeleteAsync(user));
            return AdminChange.Done;
        }, ct);

    private async Task<AdminResult> ChangeAsync(
        string by, string action, Guid id, bool removesAdmin, Func<User, Task<AdminChange>> change, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (removesAdmin)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdminsLockKey})", ct);
        }
        // The account's row, locked: two admins changing one account take turns, so neither meets
        // Identity's concurrency-stamp failure.
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM users WHERE id = {id} FOR UPDATE", ct);
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return new AdminResult(AdminChange.NotFound);
        }
        if (removesAdmin && await IsLastActiveAdminAsync(id, ct))
        {
            return new AdminResult(AdminChange.LastAdmin);
        }
        var outcome = await change(user);
        if (outcome != AdminChange.Done)
        {
            return new AdminResult(outcome);
        }
        await transaction.CommitAsync(ct);
        LogChange(logger, by, action, id);
        return new AdminResult(AdminChange.Done, await GetAsync(id, ct));
    }

    /// <summary>True when <paramref name="id"/> is an admin who can sign in and no other admin can.</summary>
    private async Task<bool> IsLastActiveAdminAsync(Guid id, CancellationToken ct)
    {
        var activeAdmins = Roles.ActiveAdminIds(db, clock.GetUtcNow());
        return await activeAdmins.ContainsAsync(id, ct) && !await activeAdmins.AnyAsync(other => other != id, ct);
    }

    // The roles come from user_roles in the same query (a correlated subquery per row).
    private Expression<Func<User, AdminUserRead>> ToRead(DateTimeOffset now) =>
        u => new AdminUserRead(
            u.Id,
            u.Email!,
            u.EmailConfirmed,
            u.LockoutEnd != null && u.LockoutEnd > now,
            u.LockoutEnd != null && u.LockoutEnd > now && u.LockoutEnd != Forever ? u.LockoutEnd : null,
            u.TwoFactorEnabled,
            db.Roles.Where(r => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == r.Id)).OrderBy(r => r.Name).Select(r => r.Name!).ToList());

    private static async Task Check(Task<IdentityResult> operation)
    {
        var result = await operation;
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    [LoggerMessage(LogLevel.Information, "Admin action: {AdminId} did {Action} on user {UserId}")]
    private static partial void LogChange(ILogger logger, string adminId, string action, Guid userId);
}
