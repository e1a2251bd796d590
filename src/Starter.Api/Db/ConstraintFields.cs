using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Starter.Db;

/// <summary>What a constraint guards, in the client's words.</summary>
/// <param name="Fields">Its fields as clients spell them ("title", "projectId").</param>
/// <param name="Entity">The rows it is on, singular ("item", "project member").</param>
/// <param name="Referenced">For a foreign key, the rows it points at ("project").</param>
/// <param name="Table">The table it is on ("items"), plural as clients see collections.</param>
public sealed record Constraint(string[] Fields, string Entity, string? Referenced, string Table);

/// <summary>
/// Which fields each named constraint of the model guards, as clients spell them ("title",
/// "ownerId"), and on which rows, read once from <see cref="AppDbContext"/>'s model: a constraint
/// added by a later migration is named in its problems with no code here.
/// </summary>
public sealed partial class ConstraintFields(IServiceScopeFactory scopes)
{
    private readonly Lazy<Maps> _maps = new(() => Read(scopes));

    /// <summary>The fields a unique index or key, a foreign key or a check constraint covers; empty if it is not in the model.</summary>
    public string[] Of(string? constraint) => Describe(constraint)?.Fields ?? [];

    /// <summary>The constraint, if the model declares it.</summary>
    public Constraint? Describe(string? constraint) =>
        constraint is not null && _maps.Value.ByConstraint.TryGetValue(constraint, out var described) ? described : null;

    /// <summary>The field stored in <paramref name="column"/> of <paramref name="table"/>, if the model maps it.</summary>
    public string? OfColumn(string? table, string? column) =>
        table is not null && column is not null && _maps.Value.ByColumn.TryGetValue((table, column), out var field) ? field : null;

    private sealed record Maps(FrozenDictionary<string, Constraint> ByConstraint, FrozenDictionary<(string Table, string Column), string> ByColumn);

    private static Maps Read(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        // The design-time model: the runtime one leaves out check constraints. Built once, on the first violation.
        var model = scope.ServiceProvider.GetRequiredService<AppDbContext>().GetService<IDesignTimeModel>().Model;
        var byConstraint = new Dictionary<string, Constraint>();
        var byColumn = new Dictionary<(string, string), string>();
        foreach (var entity in model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table)
            {
                continue;
            }
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var name = RowName(entity.ClrType);
            Constraint On(IEnumerable<IReadOnlyProperty> properties, string? referenced = null) =>
                new([.. properties.Select(Field)], name, referenced, table.Replace('_', ' '));
            foreach (var property in entity.GetProperties())
            {
                if (property.GetColumnName(store) is { } column)
                {
                    byColumn[(table, column)] = Field(property);
                }
            }
            foreach (var index in entity.GetIndexes())
            {
                if (index.GetDatabaseName(store) is { } indexName)
                {
                    byConstraint[indexName] = On(index.Properties);
                }
            }
            foreach (var key in entity.GetKeys())
            {
                if (key.GetName(store) is { } keyName)
                {
                    byConstraint[keyName] = On(key.Properties);
                }
            }
            foreach (var foreignKey in entity.GetForeignKeys())
            {
                if (foreignKey.GetConstraintName(store, foreignKey.PrincipalEntityType.GetTableName() is { } principal
                    ? StoreObjectIdentifier.Table(principal, foreignKey.PrincipalEntityType.GetSchema())
                    : store) is { } foreignKeyName)
                {
                    byConstraint[foreignKeyName] = On(foreignKey.Properties, RowName(foreignKey.PrincipalEntityType.ClrType));
                }
            }
            foreach (var check in entity.GetCheckConstraints())
            {
                if (check.GetName(store) is { } checkName)
                {
                    // The columns its SQL mentions, by whole word.
                    var words = Identifiers().Matches(check.Sql).Select(m => m.Value).ToHashSet();
                    byConstraint[checkName] = On(entity.GetProperties().Where(p => p.GetColumnName(store) is { } c && words.Contains(c)));
                }
            }
        }
        return new Maps(byConstraint.ToFrozenDictionary(), byColumn.ToFrozenDictionary());
    }

    private static string Field(IReadOnlyProperty property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>
    /// A row of <paramref name="entity"/> as problems name it: "ProjectMember" as "project member".
    /// The owned-reference rule (<c>Services/References.cs</c>) words its 400 with it too.
    /// </summary>
    public static string RowName(Type entity) => JsonNamingPolicy.SnakeCaseLower.ConvertName(entity.Name).Replace('_', ' ');

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifiers();
}
