using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Starter.Tests.Api.Fuzzing;

/// <summary>
/// Checks a JSON value against a schema of the served document: the subset of JSON Schema 2020-12
/// that ASP.NET Core's generator writes ($ref, oneOf, type, properties, required,
/// additionalProperties, items, lengths, bounds, pattern, and the formats it uses).
/// </summary>
public static class SchemaValidator
{
    public static IEnumerable<string> Errors(JsonElement schema, JsonElement value, JsonElement components, string at = "$")
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            schema = components.GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }
        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            return oneOf.EnumerateArray().Any(option => !Errors(option, value, components, at).Any())
                ? []
                : [$"{at}: matches none of oneOf"];
        }
        return TypeErrors(schema, value, at) is { } wrongType
            ? [wrongType]
            : value.ValueKind switch
            {
                JsonValueKind.Object => ObjectErrors(schema, value, components, at),
                JsonValueKind.Array => schema.TryGetProperty("items", out var items)
                    ? value.EnumerateArray().SelectMany((item, i) => Errors(items, item, components, $"{at}[{i}]"))
                    : [],
                JsonValueKind.String => StringErrors(schema, value.GetString()!, at),
                JsonValueKind.Number => NumberErrors(schema, value, at),
                _ => [],
            };
    }

    private static string? TypeErrors(JsonElement schema, JsonElement value, string at)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return null;
        }
        string[] types = type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : [type.GetString()!];
        var actual = value.ValueKind switch
        {
            JsonValueKind.Null => "null",
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            _ => value.TryGetInt64(out _) ? "integer" : "number",
        };
        var fits = types.Contains(actual) || (actual == "integer" && types.Contains("number"));
        return fits ? null : $"{at}: is {actual}, the document says {string.Join(" or ", types)}";
    }

    private static IEnumerable<string> ObjectErrors(JsonElement schema, JsonElement value, JsonElement components, string at)
    {
        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        foreach (var required in schema.TryGetProperty("required", out var r) ? r.EnumerateArray() : [])
        {
            if (!value.TryGetProperty(required.GetString()!, out _))
            {
                yield return $"{at}: lacks required {required.GetString()}";
            }
        }
        foreach (var property in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var declared))
            {
                foreach (var error in Errors(declared, property.Value, components, $"{at}.{property.Name}"))
                {
                    yield return error;
                }
            }
            else if (schema.TryGetProperty("additionalProperties", out var additional))
            {
                var errors = additional.ValueKind == JsonValueKind.False
                    ? [$"{at}: has {property.Name}, which the document does not declare"]
                    : additional.ValueKind == JsonValueKind.Object ? Errors(additional, property.Value, components, $"{at}.{property.Name}") : [];
                foreach (var error in errors)
                {
                    yield return error;
                }
            }
        }
    }

    private static IEnumerable<string> StringErrors(JsonElement schema, string text, string at)
    {
        if (schema.TryGetProperty("maxLength", out var max) && text.Length > max.GetInt32())
        {
            yield return $"{at}: longer than maxLength {max}";
        }
        if (schema.TryGetProperty("minLength", out var min) && text.Length < min.GetInt32())
        {
            yield return $"{at}: shorter than minLength {min}";
        }
        if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!))
        {
            yield return $"{at}: does not match pattern {pattern}";
        }
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        var valid = format switch
        {
            "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "uri-reference" => Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out _),
            "uuid" => Guid.TryParse(text, out _),
            _ => true,
        };
        if (!valid)
        {
            yield return $"{at}: '{text}' is not a {format}";
        }
    }

    private static IEnumerable<string> NumberErrors(JsonElement schema, JsonElement value, string at)
    {
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (format == "int32" && !value.TryGetInt32(out _))
        {
            yield return $"{at}: {value} is out of int32";
        }
        var number = value.GetDouble();
        if (schema.TryGetProperty("minimum", out var min) && number < Bound(min))
        {
            yield return $"{at}: {value} is below minimum {min}";
        }
        if (schema.TryGetProperty("maximum", out var max) && number > Bound(max))
        {
            yield return $"{at}: {value} is above maximum {max}";
        }
    }

    // Microsoft.OpenApi writes bounds as numbers or, for some, as strings.
    private static double Bound(JsonElement bound) =>
        bound.ValueKind == JsonValueKind.String ? double.Parse(bound.GetString()!, CultureInfo.InvariantCulture) : bound.GetDouble();
}
