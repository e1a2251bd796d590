using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Starter.Db;

/// <summary>
/// Which fields each named constraint of the model guards, as clients spell them ("title",
/// "ownerId"), read once from <see cref="AppDbContext"/>'s model: a constraint added by a later
/// migration is named in its problems with no code here.
/// </summary>
public sealed partial class ConstraintFields(IServiceScopeFactory scopes)
{
    private readonly Lazy<Maps> _maps = new(() => Read(scopes));

    /// <summary>The fields a unique index or key, a foreign key or a check constraint covers; empty if it is not in the model.</summary>
    public string[] Of(string? constraint) =>
        constraint is not null && _maps.Value.ByConstraint.TryGetValue(constraint, out var fields) ? fields : [];

    /// <summary>The field stored in <paramref name="column"/> of <paramref name="table"/>, if the model maps it.</summary>
    public string? OfColumn(string? table, string? column) =>
        table is not null && column is not null && _maps.Value.ByColumn.TryGetValue((table, column), out var field) ? field : null;

    private sealed record Maps(FrozenDictionary<string, string[]> ByConstraint, FrozenDictionary<(string Table, string Column), string> ByColumn);

    private static Maps Read(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        // The design-time model: the runtime one leaves out check constraints. Built once, on the first violation.
        var model = scope.ServiceProvider.GetRequiredService<AppDbContext>().GetService<IDesignTimeModel>().Model;
        var byConstraint = new Dictionary<string, string[]>();
        var byColumn = new Dictionary<(string, string), string>();
        foreach (var entity in model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table)
            {
                continue;
            }
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                if (property.GetColumnName(store) is { } column)
                {
                    byColumn[(table, column)] = Field(property);
                }
            }
            foreach (var index in entity.GetIndexes())
            {
                if (index.GetDatabaseName(store) is { } name)
                {
                    byConstraint[name] = [.. index.Properties.Select(Field)];
                }
            }
            foreach (var key in entity.GetKeys())
            {
                if (key.GetName(store) is { } name)
                {
                    byConstraint[name] = [.. key.Properties.Select(Field)];
                }
            }
            foreach (var foreignKey in entity.GetForeignKeys())
            {
                if (foreignKey.GetConstraintName(store, foreignKey.PrincipalEntityType.GetTableName() is { } principal
                    ? StoreObjectIdentifier.Table(principal, foreignKey.PrincipalEntityType.GetSchema())
                    : store) is { } name)
                {
                    byConstraint[name] = [.. foreignKey.Properties.Select(Field)];
                }
            }
            foreach (var check in entity.GetCheckConstraints())
            {
                if (check.GetName(store) is { } name)
                {
                    // The columns its SQL mentions, by whole word.
                    var words = Words().Matches(check.Sql).Select(m => m.Value).ToHashSet();
                    byConstraint[name] = [.. entity.GetProperties().Where(p => p.GetColumnName(store) is { } c && words.Contains(c)).Select(Field)];
                }
            }
        }
        return new Maps(byConstraint.ToFrozenDictionary(), byColumn.ToFrozenDictionary());
    }

    private static string Field(IReadOnlyProperty property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Words();
}
