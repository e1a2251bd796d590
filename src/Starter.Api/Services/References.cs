using Microsoft.EntityFrameworkCore;
using Starter.Db;

namespace Starter.Services;

/// <summary>
/// The rule for a body field that names another row (<c>projectId</c>): the row must exist and,
/// where rows have owners, be the caller's. A foreign key only checks that the row exists, so another
/// user's id would pass it. Call before the write; a broken rule is a 400 naming the field, worded
/// as the database's own refusal is ("There is no project with this id.", <see cref="ConstraintFields.RowName"/>).
/// </summary>
public static class References
{
    //#if (IncludeAuth)
    /// <summary>
    /// Throws <see cref="InvalidFieldException"/> unless <typeparamref name="TRow"/> has a row with
    /// this <c>Id</c> whose <c>OwnerId</c> is <paramref name="ownerId"/>. Null (an optional reference left out) passes.
    /// </summary>
    public static async Task EnsureOwnedAsync<TRow>(this AppDbContext db, Guid ownerId, long? id, string field, CancellationToken ct)
        where TRow : class
    {
        if (id is not { } value)
        {
            return;
        }
        var found = await db.Set<TRow>().AnyAsync(r => EF.Property<long>(r, "Id") == value && EF.Property<Guid>(r, "OwnerId") == ownerId, ct);
        if (!found)
        {
            throw Missing<TRow>(field);
        }
    }

    //#endif
    /// <summary>Throws <see cref="InvalidFieldException"/> unless <typeparamref name="TRow"/> has a row with this <c>Id</c>. Null passes.</summary>
    public static async Task EnsureExistsAsync<TRow>(this AppDbContext db, long? id, string field, CancellationToken ct)
        where TRow : class
    {
        if (id is not { } value)
        {
            return;
        }
        if (!await db.Set<TRow>().AnyAsync(r => EF.Property<long>(r, "Id") == value, ct))
        {
            throw Missing<TRow>(field);
        }
    }

    private static InvalidFieldException Missing<TRow>(string field) =>
        new(field, $"There is no {ConstraintFields.RowName(typeof(TRow))} with this id.");
}
