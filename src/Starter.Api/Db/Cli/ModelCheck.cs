using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Starter.Db.Cli;

/// <summary>
/// What the model has that no migration captures: the difference between the latest migration's
/// snapshot and the model the code defines now. Empty means <c>db check</c> passes.
/// </summary>
internal static class ModelCheck
{
    public static IReadOnlyList<string> UnmigratedChanges(AppDbContext db)
    {
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot?.Model;
        if (snapshot is IMutableModel mutable)
        {
            snapshot = mutable.FinalizeModel();
        }
        if (snapshot is not null)
        {
            snapshot = db.GetService<IModelRuntimeInitializer>().Initialize(snapshot);
        }
        var current = db.GetService<IDesignTimeModel>().Model;
        return db.GetService<IMigrationsModelDiffer>()
            .GetDifferences(snapshot?.GetRelationalModel(), current.GetRelationalModel())
            .Select(Describe)
            .ToList();
    }

    /// <summary>"AddColumn items.priority": the operation and what it touches, as a reviewer reads it.</summary>
    private static string Describe(MigrationOperation operation)
    {
        var kind = operation.GetType().Name.Replace("Operation", "", StringComparison.Ordinal);
        var target = operation switch
        {
            ColumnOperation c => $"{c.Table}.{c.Name}",
            DropColumnOperation c => $"{c.Table}.{c.Name}",
            RenameColumnOperation c => $"{c.Table}.{c.Name} -> {c.NewName}",
            CreateTableOperation t => t.Name,
            DropTableOperation t => t.Name,
            RenameTableOperation t => $"{t.Name} -> {t.NewName}",
            TableOperation t => t.Name,
            CreateIndexOperation i => $"{i.Table}.{i.Name}",
            DropIndexOperation i => $"{i.Table}.{i.Name}",
            AddForeignKeyOperation f => $"{f.Table}.{f.Name}",
            DropForeignKeyOperation f => $"{f.Table}.{f.Name}",
            AddCheckConstraintOperation c => $"{c.Table}.{c.Name}",
            DropCheckConstraintOperation c => $"{c.Table}.{c.Name}",
            _ => "",
        };
        return $"{kind} {target}".TrimEnd();
    }
}
