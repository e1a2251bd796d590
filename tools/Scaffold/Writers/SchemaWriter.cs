using System.Text;

namespace Scaffold.Writers;

/// <summary>The request and response schemas (<c>Schemas/</c>), as <c>ItemCreate</c>, <c>ItemUpdate</c>, <c>ItemRead</c> and <c>ItemPage</c> are.</summary>
public static class SchemaWriter
{
    /// <summary>The largest magnitude a decimal field takes: numeric(18, 2) holds 16 digits before the point.</summary>
    public const string DecimalBound = "999_999_999_999_999";

    public static string Create(ResourceSpec r)
    {
        var code = Header(r, validation: true, nullable: false);
        code.AppendLine($"/// <summary>A new {r.Words}.</summary>");
        code.AppendLine($"public sealed record {r.Name}Create : IExample<{r.Name}Create>");
        code.AppendLine("{");
        code.AppendLine($"    public static {r.Name}Create Example {{ get; }} = new() {{ {string.Join(", ", r.Fields.Select(f => $"{f.Name} = {Example(f)}"))} }};");
        foreach (var field in r.Fields)
        {
            code.AppendLine();
            code.AppendLine($"    /// <summary>{Describe(r, field)}</summary>");
            if (Attributes(r, field, forUpdate: false) is { Length: > 0 } attributes)
            {
                code.AppendLine($"    [{attributes}]");
            }
            var required = field.Optional ? "" : "required ";
            code.AppendLine($"    public {required}{field.ClrType} {field.Name} {{ get; init; }}");
        }
        code.AppendLine("}");
        return code.ToString();
    }

    public static string Update(ResourceSpec r)
    {
        var code = Header(r, validation: true, nullable: true);
        code.AppendLine("/// <summary>");
        code.AppendLine("/// A partial update: a field left out stays as it is; a field sent as null is cleared where it may be empty.");
        code.AppendLine("/// </summary>");
        code.AppendLine("// System.Text.Json calls a setter only for a field the body contains: that is how the Has… flags");
        code.AppendLine("// tell \"left out\" from \"null\" (plain setters: the source generator assigns every init-only one).");
        code.AppendLine($"public sealed record {r.Name}Update : IExample<{r.Name}Update>");
        code.AppendLine("{");
        // Every field set: one left out would show in the document's example as a null it refuses.
        code.AppendLine($"    public static {r.Name}Update Example => new() {{ {string.Join(", ", r.Fields.Select(f => $"{f.Name} = {Example(f)}"))} }};");
        code.AppendLine();
        foreach (var field in r.Fields)
        {
            code.AppendLine($"    private {Nullable(field)} _{Naming.Camel(field.Name)};");
        }
        foreach (var field in r.Fields)
        {
            code.AppendLine();
            var nullNote = field.Optional ? " null clears it." : " Cannot be null.";
            code.AppendLine($"    /// <summary>{Describe(r, field)}{nullNote}</summary>");
            var attributes = Attributes(r, field, forUpdate: true);
            if (!field.Optional)
            {
                attributes = attributes.Length == 0 ? "DisallowNull" : attributes + ", DisallowNull";
            }
            if (attributes.Length > 0)
            {
                code.AppendLine($"    [{attributes}]");
            }
            code.AppendLine($"    public {Nullable(field)} {field.Name}");
            code.AppendLine("    {");
            code.AppendLine($"        get => _{Naming.Camel(field.Name)};");
            code.AppendLine($"        set => (_{Naming.Camel(field.Name)}, Has{field.Name}) = (value, true);");
            code.AppendLine("    }");
        }
        foreach (var field in r.Fields)
        {
            code.AppendLine();
            code.AppendLine("    [JsonIgnore]");
            code.AppendLine($"    public bool Has{field.Name} {{ get; private set; }}");
        }
        code.AppendLine("}");
        return code.ToString();
    }

    public static string Read(ResourceSpec r)
    {
        var code = new StringBuilder();
        code.AppendLine($"namespace {r.Project.Namespace}.Schemas;");
        code.AppendLine();
        code.AppendLine($"/// <summary>A {r.Words} as the API shows it.</summary>");
        var parameters = string.Join(", ", r.Fields.Select(f => $"{f.ClrType} {f.Name}"));
        code.AppendLine($"public sealed record {r.Name}Read(long Id, {parameters}, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)");
        code.AppendLine($"    : IExample<{r.Name}Read>");
        code.AppendLine("{");
        code.AppendLine($"    public static {r.Name}Read Example {{ get; }} = new(42, {string.Join(", ", r.Fields.Select(Example))},");
        code.AppendLine("        new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 9, 45, 0, TimeSpan.Zero));");
        code.AppendLine("}");
        return code.ToString();
    }

    public static string Page(ResourceSpec r) =>
        $$"""
        namespace {{r.Project.Namespace}}.Schemas;

        /// <summary>One page of {{r.PluralWords}} in id order.</summary>
        /// <param name="Items">At most <c>limit</c> {{r.PluralWords}}.</param>
        /// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; null on the last page.</param>
        public sealed record {{r.Name}}Page(IReadOnlyList<{{r.Name}}Read> Items, string? NextCursor) : IExample<{{r.Name}}Page>
        {
            public static {{r.Name}}Page Example { get; } = new([{{r.Name}}Read.Example], PageCursor.Encode({{r.Name}}Read.Example.Id));
        }

        """;

    /// <summary>A C# literal a field's example takes.</summary>
    public static string Example(FieldSpec field) => field.Kind switch
    {
        FieldKind.ShortText => $"\"{Fit(Naming.Words(field.Name), field.Limit!.Value)}\"",
        FieldKind.Text => "\"Some text.\"",
        FieldKind.WholeNumber or FieldKind.BigWholeNumber => "42",
        FieldKind.Money => "9.99m",
        FieldKind.Bool => "true",
        FieldKind.Date => "new DateOnly(2026, 1, 31)",
        FieldKind.DateTime => "new DateTimeOffset(2026, 1, 31, 9, 30, 0, TimeSpan.Zero)",
        FieldKind.Uuid => "Guid.Parse(\"3f2504e0-4f89-41d3-9a0c-0305e82c3301\")",
        _ => "1",
    };

    private static string Fit(string text, int length) => text[..Math.Min(text.Length, length)];

    private static StringBuilder Header(ResourceSpec r, bool validation, bool nullable)
    {
        var code = new StringBuilder();
        if (validation && (r.Fields.Any(f => f.Limit is not null || f.Kind == FieldKind.Money) || nullable))
        {
            code.AppendLine("using System.ComponentModel.DataAnnotations;");
        }
        if (nullable)
        {
            code.AppendLine("using System.Diagnostics.CodeAnalysis;");
            code.AppendLine("using System.Text.Json.Serialization;");
        }
        if (r.Fields.Any(f => f.Limit is not null))
        {
            code.AppendLine($"using {r.Project.Namespace}.Models;");
        }
        if (code.Length > 0)
        {
            code.AppendLine();
        }
        code.AppendLine($"namespace {r.Project.Namespace}.Schemas;");
        code.AppendLine();
        return code;
    }

    private static string Nullable(FieldSpec field) => field.ClrType.EndsWith('?') ? field.ClrType : field.ClrType + "?";

    private static string Attributes(ResourceSpec r, FieldSpec field, bool forUpdate)
    {
        var attributes = new List<string>();
        if (field.NotBlank)
        {
            attributes.Add("NotBlank");
        }
        if (field.Limit is not null)
        {
            attributes.Add($"MaxLength({r.Name}.{field.Name}MaxLength)");
        }
        if (field.Kind == FieldKind.Money)
        {
            attributes.Add($"Range(-{DecimalBound}.0, {DecimalBound}.0)");
        }
        if (field.Kind == FieldKind.Reference)
        {
            attributes.Add($"References(\"{r.Referenced(field).Route}\")");
        }
        return string.Join(", ", attributes);
    }

    private static string Describe(ResourceSpec r, FieldSpec field)
    {
        var text = field.Kind switch
        {
            FieldKind.ShortText or FieldKind.Text when field.NotBlank => $"1 to {field.Limit} characters, not only white space.",
            FieldKind.ShortText or FieldKind.Text => $"Up to {field.Limit} characters.",
            FieldKind.WholeNumber => "A whole number.",
            FieldKind.BigWholeNumber => "A whole number.",
            FieldKind.Money => "A number with up to 15 digits before the point; kept to 2 after it.",
            FieldKind.Bool => "True or false.",
            FieldKind.Date => "A date, YYYY-MM-DD.",
            FieldKind.DateTime => "A date and time with its offset (ISO 8601).",
            FieldKind.Uuid => "A UUID.",
            _ => $"The id of {(r.Owned && r.Referenced(field).Owned ? "one of your" : "one of the")} {Naming.Words(Naming.Plural(field.Referenced!))}.",
        };
        if (field.Unique)
        {
            text += r.Owned ? $" Unique among your {r.PluralWords}." : $" Unique among {r.PluralWords}.";
        }
        return text;
    }
}
