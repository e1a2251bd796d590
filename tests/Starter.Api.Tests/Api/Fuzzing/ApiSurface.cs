using System.Text.Json;

namespace Starter.Tests.Api.Fuzzing;

/// <summary>A parameter of an operation as the OpenAPI document declares it.</summary>
/// <param name="In">"path", "query" or "header".</param>
public sealed record ApiParameter(string Name, string In, bool Required, ApiSchema Schema);

/// <summary>One operation of the served document: what the fuzzer attacks, and what it says it answers.</summary>
/// <param name="Responses">The operation's <c>responses</c> object, by status code.</param>
/// <param name="Components">The document's <c>components</c>, to resolve references in them.</param>
/// <param name="Secured">The operation names a security scheme: without credentials it must be refused.</param>
public sealed record ApiOperation(
    string Id, string Method, string Path, IReadOnlyList<ApiParameter> Parameters, ApiSchema? Body, JsonElement Responses, JsonElement Components,
    bool Secured = false)
{
    public override string ToString() => Id;
}

/// <summary>
/// A JSON schema from the document, <c>$ref</c>s followed. The kind is read from <c>type</c>; a schema
/// with no type at all is taken as a string, the one kind ASP.NET Core leaves untyped.
/// </summary>
public sealed class ApiSchema(JsonElement schema, JsonElement components)
{
    private readonly JsonElement _schema = Resolve(schema, components);

    public IReadOnlyList<string> Types => _schema.TryGetProperty("type", out var type)
        ? type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!]
        : _schema.TryGetProperty("properties", out _) ? ["object"] : ["string"];

    public string Kind => Types.FirstOrDefault(t => t != "null") ?? "null";

    public bool Nullable => Types.Contains("null");

    public string? Format => Text("format");

    public long? Minimum => Number("minimum");

    public long? Maximum => Number("maximum");

    public int? MinLength => (int?)Number("minLength");

    public int? MaxLength => (int?)Number("maxLength");

    /// <summary>
    /// The collection whose rows this field names (<c>x-references</c>, "/api/v1/projects"): a valid
    /// value is the id of a row there, which the set-up creates first.
    /// </summary>
    public string? References => Text("x-references");

    public IReadOnlyList<string> Required => _schema.TryGetProperty("required", out var required)
        ? [.. required.EnumerateArray().Select(r => r.GetString()!)]
        : [];

    public IReadOnlyList<(string Name, ApiSchema Schema)> Properties => _schema.TryGetProperty("properties", out var properties)
        ? [.. properties.EnumerateObject().Select(p => (p.Name, new ApiSchema(p.Value, components)))]
        : [];

    public ApiSchema? Items => _schema.TryGetProperty("items", out var items) ? new ApiSchema(items, components) : null;

    private string? Text(string name) => _schema.TryGetProperty(name, out var value) ? value.GetString() : null;

    private long? Number(string name) => _schema.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : null;

    private static JsonElement Resolve(JsonElement schema, JsonElement components)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            schema = components.GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }
        // A nullable reference reads as oneOf [null, $ref]: the referenced schema is what to fuzz.
        if (schema.TryGetProperty("oneOf", out var oneOf)
            && oneOf.EnumerateArray().FirstOrDefault(s => s.TryGetProperty("$ref", out _)) is { ValueKind: JsonValueKind.Object } target)
        {
            return Resolve(target, components);
        }
        return schema;
    }
}

/// <summary>Reads every operation, its parameters and its JSON body out of an OpenAPI 3 document.</summary>
public static class ApiSurface
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static IReadOnlyList<ApiOperation> Read(JsonElement document)
    {
        var components = document.TryGetProperty("components", out var c) ? c : default;
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => Methods.Contains(o.Name)))
            {
                var parameters = operation.Value.TryGetProperty("parameters", out var list)
                    ? list.EnumerateArray().Select(p => new ApiParameter(
                        p.GetProperty("name").GetString()!,
                        p.GetProperty("in").GetString()!,
                        p.TryGetProperty("required", out var required) && required.GetBoolean(),
                        new ApiSchema(p.TryGetProperty("schema", out var schema) ? schema : Empty, components))).ToList()
                    : [];
                var body = operation.Value.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.GetProperty("content").TryGetProperty("application/json", out var json)
                        ? new ApiSchema(json.GetProperty("schema"), components)
                        : null;
                var id = operation.Value.TryGetProperty("operationId", out var operationId)
                    ? operationId.GetString()!
                    : $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var secured = operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;
                operations.Add(new ApiOperation(id, operation.Name.ToUpperInvariant(), path.Name, parameters, body,
                    operation.Value.GetProperty("responses").Clone(), components.Clone(), secured));
            }
        }
        return operations;
    }

    private static JsonElement Empty { get; } = JsonDocument.Parse("{}").RootElement;
}
