using System.Text;

namespace Scaffold;

/// <summary>The spellings one name takes in C#, JSON, SQL and URLs.</summary>
public static class Naming
{
    /// <summary>"dueDate", "due_date" or "DueDate" as "DueDate".</summary>
    public static string Pascal(string name)
    {
        var words = name.Split(['_', '-'], StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    public static string Camel(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal[1..];

    /// <summary>"ProjectMember" as "project_member".</summary>
    public static string Snake(string pascal) => Separated(pascal, '_');

    /// <summary>"ProjectMember" as "project-member".</summary>
    public static string Kebab(string pascal) => Separated(pascal, '-');

    /// <summary>"ProjectMember" as "project member".</summary>
    public static string Words(string pascal) => Separated(pascal, ' ');

    /// <summary>English plural of a Pascal-case noun: Category, Categories; Box, Boxes; Item, Items.</summary>
    public static string Plural(string pascal)
    {
        if (pascal.EndsWith('y') && pascal.Length > 1 && !"aeiou".Contains(char.ToLowerInvariant(pascal[^2]), StringComparison.Ordinal))
        {
            return pascal[..^1] + "ies";
        }
        return pascal.EndsWith('s') || pascal.EndsWith('x') || pascal.EndsWith('z') || pascal.EndsWith("ch", StringComparison.Ordinal)
            || pascal.EndsWith("sh", StringComparison.Ordinal)
            ? pascal + "es"
            : pascal + "s";
    }

    /// <summary>A C# identifier: a keyword ("event", "object") gets an @.</summary>
    public static string Safe(string identifier) => Keywords.Contains(identifier) ? "@" + identifier : identifier;

    private static readonly HashSet<string> Keywords =
    [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    ];

    private static string Separated(string pascal, char separator)
    {
        var text = new StringBuilder();
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0 && (char.IsLower(pascal[i - 1]) || (i + 1 < pascal.Length && char.IsLower(pascal[i + 1]))))
            {
                text.Append(separator);
            }
            text.Append(char.ToLowerInvariant(pascal[i]));
        }
        return text.ToString();
    }
}
