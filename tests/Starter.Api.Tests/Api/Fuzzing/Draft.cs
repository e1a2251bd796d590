using System.Text;

namespace Starter.Tests.Api.Fuzzing;

/// <summary>
/// A request to one operation, kept as parts (path values, query, headers, body fields) so that one
/// part at a time can be made hostile. <see cref="Valid"/> is what the document says should succeed.
/// </summary>
public sealed record Draft(
    ApiOperation Op,
    IReadOnlyDictionary<string, string> PathValues,
    IReadOnlyList<(string Name, string Value)> Query,
    IReadOnlyList<(string Name, string Value)> Headers,
    IReadOnlyList<(string Name, string Json)> Fields,
    string? Json)
{
    public static Draft Valid(ApiOperation op) => new(
        op,
        new Dictionary<string, string>(),
        [.. op.Parameters.Where(p => p.In == "query" && p.Required).Select(p => (p.Name, ValidUrl(p.Schema)))],
        [.. op.Parameters.Where(p => p.In == "header" && p.Required).Select(p => (p.Name, ValidUrl(p.Schema)))],
        op.Body is { Kind: "object" } body ? [.. body.Properties.Select(p => (p.Name, ValidJson(p.Schema)))] : [],
        op.Body is { Kind: not "object" } other ? ValidJson(other) : null);

    /// <summary>The body as sent: <see cref="Json"/> when set, else the fields as one object.</summary>
    public string Body => Json ?? $"{{{string.Join(",", Fields.Select(f => $"\"{f.Name}\":{f.Json}"))}}}";

    public Draft With(ApiParameter parameter, string value) => parameter.In switch
    {
        "path" => this with { PathValues = new Dictionary<string, string>(PathValues) { [parameter.Name] = value } },
        "query" => this with { Query = [.. Query.Where(q => q.Name != parameter.Name), (parameter.Name, value)] },
        _ => this with { Headers = [.. Headers.Where(h => h.Name != parameter.Name), (parameter.Name, value)] },
    };

    public Draft Without(ApiParameter parameter) => this with
    {
        Query = [.. Query.Where(q => q.Name != parameter.Name)],
        Headers = [.. Headers.Where(h => h.Name != parameter.Name)],
    };

    public Draft WithField(string name, string json) =>
        this with { Fields = [.. Fields.Where(f => f.Name != name), (name, json)] };

    public Draft WithoutField(string name) => this with { Fields = [.. Fields.Where(f => f.Name != name)] };

    public FuzzRequest ToRequest(string @case)
    {
        var target = new StringBuilder(Op.Path);
        foreach (var (name, value) in PathValues)
        {
            target.Replace($"{{{name}}}", value);
        }
        if (Query.Count > 0)
        {
            target.Append('?').AppendJoin('&', Query.Select(q => $"{q.Name}={q.Value}"));
        }
        var request = Op.Body is null
            ? new FuzzRequest(@case, Op.Method, target.ToString(), [], null)
            : FuzzRequest.Json(@case, Op.Method, target.ToString(), Body);
        return request with { Headers = [.. request.Headers, .. Headers], Operation = Op, PathAsDocumented = PathValues.Count == 0 };
    }

    /// <summary>A value the schema accepts, as it goes into a URL or a header.</summary>
    public static string ValidUrl(ApiSchema schema) => schema.Kind switch
    {
        "integer" or "number" => Math.Clamp(1, schema.Minimum ?? 1, schema.Maximum ?? long.MaxValue).ToString(),
        "boolean" => "true",
        _ => ValidText(schema),
    };

    /// <summary>
    /// A JSON value the schema accepts. A reference to another collection's row is a placeholder the
    /// runner fills in (<see cref="RowFixtures.Fill(FuzzRequest)"/>), and so is text, made fresh for each request
    /// so that a unique field is not taken by the request before.
    /// </summary>
    public static string ValidJson(ApiSchema schema) => schema.References is { } collection ? RowFixtures.ReferenceTo(collection) : schema.Kind switch
    {
        "integer" => ValidUrl(schema),
        "number" => "1.5",
        "boolean" => "true",
        "array" => schema.Items is { } items ? $"[{ValidJson(items)}]" : "[]",
        "object" => $"{{{string.Join(",", schema.Properties.Select(p => $"\"{p.Name}\":{ValidJson(p.Schema)}"))}}}",
        _ => $"\"{ValidText(schema)}\"",
    };

    private static string ValidText(ApiSchema schema) => schema.Format switch
    {
        "date-time" => "2026-01-01T00:00:00Z",
        "date" => "2026-01-01",
        "uuid" => "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        "email" => "fuzz@example.com",
        "uri" => "https://example.com/",
        _ => Fit(RowFixtures.FreshTextStem.PadRight(schema.MinLength ?? 0, 'z'), schema.MaxLength),
    };

    private static string Fit(string text, int? maxLength) => text[..Math.Min(text.Length, maxLength ?? text.Length)];
}
