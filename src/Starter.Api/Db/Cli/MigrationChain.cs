using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Starter.Db.Cli;

/// <summary>
/// The ordered list of migrations and how much of it a database has applied, with the relative
/// (<c>+N</c>, <c>-N</c>), named and <c>base</c>/<c>head</c> targets that Alembic users expect.
/// </summary>
internal sealed class MigrationChain(IReadOnlyList<string> all, IReadOnlyList<string> applied)
{
    public const string Base = "base";

    public IReadOnlyList<string> All { get; } = all;

    public IReadOnlyList<string> Applied { get; } = applied;

    public string Current => Applied.Count > 0 ? Applied[^1] : Base;

    public string Head => All.Count > 0 ? All[^1] : Base;

    public static async Task<MigrationChain> ReadAsync(AppDbContext db, CancellationToken ct)
    {
        // Asked of a database with no history table, EF (and the provider's own existence check, which
        // tries the query) logs the failed query as an error: the catalog is asked first.
        var exists = await db.Database
            .SqlQueryRaw<bool>("SELECT to_regclass({0}) IS NOT NULL AS \"Value\"", AppDbContextOptions.HistoryTable)
            .SingleAsync(ct);
        var applied = exists ? (await db.Database.GetAppliedMigrationsAsync(ct)).ToList() : [];
        return new(db.Database.GetMigrations().ToList(), applied);
    }

    /// <summary>
    /// Migrates to <paramref name="target"/> (null: head). The history table is made first: on a
    /// database without one, the provider's existence check runs the history query anyway and EF logs
    /// its failure as an error with the SQL, which made a first run look broken.
    /// </summary>
    /// <remarks>
    /// Two deploy steps or instances migrating at once take turns on a session advisory lock. The
    /// provider's own lock is a table lock that ends with each migration's transaction: with two
    /// pending migrations, the second runner applied the second one again (caught by
    /// <c>Upgrade_TwoAtTheSameMoment_ApplyEachMigrationOnce</c>).
    /// </remarks>
    public static async Task MigrateAsync(AppDbContext db, string? target, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", ct);
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
            await db.GetService<IMigrator>().MigrateAsync(target, ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", ct);
        }
        finally
        {
            // Closing the session releases the lock too, should a migration have failed.
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>An arbitrary constant naming this app's migration lock among PostgreSQL's advisory locks.</summary>
    private const long MigrationLockKey = 7_346_021_185_220_417_001;

    /// <summary>The chain as files define it, for commands that need no database.</summary>
    public static MigrationChain Defined(AppDbContext db) => new(db.Database.GetMigrations().ToList(), []);

    /// <summary>Where <c>db upgrade [target]</c> goes: head, <c>+N</c> steps, or a named migration ahead of the current one.</summary>
    public string UpgradeTarget(string? target)
    {
        if (target is null or "head")
        {
            return Head;
        }
        if (target.StartsWith('+'))
        {
            var steps = Steps(target);
            var index = Applied.Count - 1 + steps;
            return index < All.Count
                ? All[index]
                : throw new CommandException($"Cannot go up {steps}: only {All.Count - Applied.Count} migration(s) pending.");
        }
        var named = Resolve(target);
        return IndexOf(named) >= Applied.Count - 1
            ? named
            : throw new CommandException($"{named} is behind the current migration {Current}; use db downgrade.");
    }

    /// <summary>Where <c>db downgrade target</c> goes: <c>-N</c> steps, <c>base</c>, or a named migration behind the current one.</summary>
    public string DowngradeTarget(string? target)
    {
        switch (target)
        {
            case null:
                throw new CommandException("Say where to go: db downgrade -1, db downgrade <migration>, or db downgrade base.");
            case Base:
                return Base;
            case ['-', ..]:
                var steps = Steps(target);
                var index = Applied.Count - 1 - steps;
                return index >= -1
                    ? (index == -1 ? Base : Applied[index])
                    : throw new CommandException($"Cannot go down {steps}: only {Applied.Count} migration(s) applied.");
        }
        var named = Resolve(target);
        return IndexOf(named) <= Applied.Count - 1
            ? named
            : throw new CommandException($"{named} is not applied yet; use db upgrade.");
    }

    /// <summary>A full id (<c>20261125160502_CreateItems</c>) or just its name (<c>CreateItems</c>).</summary>
    public string Resolve(string nameOrId)
    {
        if (nameOrId == Base)
        {
            return Base;
        }
        var matches = All.Where(m => string.Equals(m, nameOrId, StringComparison.OrdinalIgnoreCase)
                                     || string.Equals(m[(m.IndexOf('_') + 1)..], nameOrId, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches switch
        {
            [var one] => one,
            [] => throw new CommandException($"No migration is called {nameOrId}. See db history."),
            _ => throw new CommandException($"{nameOrId} names several migrations ({string.Join(", ", matches)}); use the full id."),
        };
    }

    /// <summary>EF spells "before the first migration" as "0".</summary>
    public static string ForEf(string target) => target == Base ? Migration.InitialDatabase : target;

    private int IndexOf(string migration) => migration == Base ? -1 : All.ToList().IndexOf(migration);

    private static int Steps(string relative) =>
        int.TryParse(relative[1..], out var steps) && steps > 0
            ? steps
            : throw new CommandException($"'{relative}' is not a step count like +1 or -2.");
}
