using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Starter.Db;

namespace Starter.Auth;

/// <summary>
/// One account's changes run one at a time, on every instance: a transaction holding a lock on the
/// user, which Identity's own writes join. Identity reads, then writes, with no lock of its own: two
/// first reads of the two-factor state would each create an authenticator key (a unique violation),
/// and two changes would each start from the same security stamp.
/// </summary>
public static class AccountChangeLock
{
    public static async Task<IDbContextTransaction> TakeAsync(AppDbContext db, ClaimsPrincipal caller, CancellationToken ct)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        var name = $"account:{caller.Id()}";
        // Held until the transaction ends, and kept by a transaction-mode pooler.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({name}, 0))", ct);
        return transaction;
    }
}
