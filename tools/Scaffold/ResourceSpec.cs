using System.Text.RegularExpressions;

namespace Scaffold;

/// <summary>The resource to write: its names, fields and what the project gives it.</summary>
public sealed partial record ResourceSpec(string Name, string Plural, IReadOnlyList<FieldSpec> Fields, IReadOnlyList<ExistingResource> References, ProjectLayout Project)
{
    /// <summary>"comments": the collection's path segment, kebab-case.</summary>
    public string Route => Naming.Kebab(Plural);

    /// <summary>"comments": the table, snake_case.</summary>
    public string Table => Naming.Snake(Plural);

    public string Words => Naming.Words(Name);

    public string PluralWords => Naming.Words(Plural);

    public string Variable => Naming.Camel(Name);

    /// <summary>The lambda parameter in mappings and queries: "c" for a comment.</summary>
    public string Letter => Naming.Camel(Name)[..1];

    public bool Owned => Project.HasAuth;

    public bool Idempotent => Project.HasIdempotency;

    public IEnumerable<FieldSpec> ReferenceFields => Fields.Where(f => f.Kind == FieldKind.Reference);

    public bool HasUnique => Fields.Any(f => f.Unique);

    public ExistingResource Referenced(FieldSpec field) => References.Single(r => r.Name == field.Referenced);

    public static ResourceSpec Create(string name, string? plural, IEnumerable<string> fieldArguments, ProjectLayout project)
    {
        if (!Identifier().IsMatch(name))
        {
            throw new ScaffoldException($"'{name}' is not a resource name: one word or several run together, singular, like Comment or ProjectMember.");
        }
        var pascal = Naming.Pascal(name);
        var fields = fieldArguments.Select(FieldSpec.Parse).ToList();
        if (fields.Count == 0)
        {
            throw new ScaffoldException("Name at least one field: resource Comment body:text.");
        }
        if (fields.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ScaffoldException($"The field {twice.Key} is named twice.");
        }
        var references = new List<ExistingResource>();
        foreach (var field in fields.Where(f => f.Kind == FieldKind.Reference))
        {
            var existing = project.Existing(field.Referenced!) ?? throw new ScaffoldException(
                $"'{Naming.Camel(field.Referenced!)}:references' names no resource of this project: there is no Models/{field.Referenced}.cs "
                + $"with Api/V1/Endpoints/{Naming.Plural(field.Referenced!)}Endpoints.cs. Scaffold it first.");
            if (field.Referenced == pascal)
            {
                throw new ScaffoldException($"'{Naming.Camel(pascal)}:references': a resource that refers to itself is not something the scaffold writes.");
            }
            references.Add(existing);
        }
        return new ResourceSpec(pascal, plural is null ? Naming.Plural(pascal) : Naming.Pascal(plural), fields, references, project);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex Identifier();
}
