using System.Globalization;
using System.Text.RegularExpressions;

namespace Scaffold;

/// <summary>The kinds of field the scaffold writes.</summary>
public enum FieldKind
{
    /// <summary>string(N): varchar(N).</summary>
    ShortText,
    Text,
    /// <summary>int: integer.</summary>
    WholeNumber,
    /// <summary>long: bigint.</summary>
    BigWholeNumber,
    /// <summary>decimal: numeric(18, 2).</summary>
    Money,
    Bool,
    Date,
    DateTime,
    Uuid,
    Reference,
}

/// <summary>
/// One field from the command line, <c>name:type[?][:unique][:cascade]</c>: <c>title:string(100)</c>,
/// <c>body:text?</c>, <c>slug:string(60):unique</c>, <c>project:references</c> (a <c>projectId</c>
/// naming a row of <c>projects</c>), <c>project:references:cascade</c>.
/// </summary>
/// <param name="Name">The C# property: "DueDate", or "ProjectId" for a reference.</param>
/// <param name="Referenced">For a reference, the referenced resource: "Project".</param>
public sealed partial record FieldSpec(string Name, FieldKind Kind, int? MaxLength, bool Optional, bool Unique, bool Cascade, string? Referenced)
{
    /// <summary>The longest text a <c>text</c> field takes: PostgreSQL's text has no limit, a request should.</summary>
    public const int TextMaxLength = 10_000;

    /// <summary>A <c>string</c> with no length given.</summary>
    public const int DefaultStringLength = 200;

    /// <summary>Reserved: every resource has them already.</summary>
    public static readonly string[] Reserved = ["Id", "OwnerId", "CreatedAt", "UpdatedAt", "Version"];

    public string Json => Naming.Camel(Name);

    public string Column => Naming.Snake(Name);

    public bool IsText => Kind is FieldKind.ShortText or FieldKind.Text;

    /// <summary>A required text field: not blank, in the schema and in a check constraint.</summary>
    public bool NotBlank => IsText && !Optional;

    public int? Limit => Kind switch
    {
        FieldKind.ShortText => MaxLength ?? DefaultStringLength,
        FieldKind.Text => TextMaxLength,
        _ => null,
    };

    /// <summary>The C# type of the entity's property and the read schema's.</summary>
    public string ClrType => Kind switch
    {
        FieldKind.ShortText or FieldKind.Text => "string",
        FieldKind.WholeNumber => "int",
        FieldKind.BigWholeNumber or FieldKind.Reference => "long",
        FieldKind.Money => "decimal",
        FieldKind.Bool => "bool",
        FieldKind.Date => "DateOnly",
        FieldKind.DateTime => "DateTimeOffset",
        _ => "Guid",
    } + (Optional ? "?" : "");

    /// <summary>Parses one argument, or says what is wrong with it.</summary>
    public static FieldSpec Parse(string argument)
    {
        var match = Syntax().Match(argument);
        if (!match.Success)
        {
            throw new ScaffoldException(
                $"'{argument}' is not a field: write name:type, with type one of string(N), text, int, long, decimal, bool, date, "
                + "datetime, guid or references (the name is then the resource: project:references), then ? for optional, "
                + ":unique, and for a reference :cascade.");
        }
        var name = Naming.Pascal(match.Groups["name"].Value);
        var type = match.Groups["type"].Value;
        var options = match.Groups["option"].Captures.Select(c => c.Value).ToList();
        var kind = type switch
        {
            "string" => FieldKind.ShortText,
            "text" => FieldKind.Text,
            "int" => FieldKind.WholeNumber,
            "long" => FieldKind.BigWholeNumber,
            "decimal" => FieldKind.Money,
            "bool" => FieldKind.Bool,
            "date" => FieldKind.Date,
            "datetime" => FieldKind.DateTime,
            "guid" => FieldKind.Uuid,
            "references" => FieldKind.Reference,
            _ => throw new ScaffoldException(
                $"'{argument}': unknown type '{type}'. Types: string(N), text, int, long, decimal, bool, date, datetime, guid, references."),
        };
        int? length = null;
        if (match.Groups["length"].Success)
        {
            if (kind != FieldKind.ShortText)
            {
                throw new ScaffoldException($"'{argument}': only string takes a length, string(100).");
            }
            length = int.Parse(match.Groups["length"].Value, CultureInfo.InvariantCulture);
            if (length is < 1 or > 10_485_760)
            {
                throw new ScaffoldException($"'{argument}': a string's length is 1 to 10485760.");
            }
        }
        var cascade = options.Contains("cascade");
        if (cascade && kind != FieldKind.Reference)
        {
            throw new ScaffoldException($"'{argument}': only a reference takes :cascade (delete this row with the one it names).");
        }
        var optional = match.Groups["optional"].Success;
        if (cascade && optional)
        {
            throw new ScaffoldException($"'{argument}': an optional reference is cleared when its row is deleted; :cascade is for a required one.");
        }
        var referenced = kind == FieldKind.Reference ? name : null;
        var property = kind == FieldKind.Reference ? name + "Id" : name;
        if (Reserved.Contains(property))
        {
            throw new ScaffoldException($"'{argument}': {property} is a column every resource has already; choose another name.");
        }
        return new FieldSpec(property, kind, length, optional, options.Contains("unique"), cascade, referenced);
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z][A-Za-z0-9_]*):(?<type>[a-z]+)(?:\((?<length>\d+)\))?(?<optional>\?)?(?::(?<option>unique|cascade))*$")]
    private static partial Regex Syntax();
}
