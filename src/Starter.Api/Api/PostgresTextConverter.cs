using System.Text.Json;
using System.Text.Json.Serialization;

namespace Starter.Api;

/// <summary>
/// PostgreSQL text cannot hold the NUL character (U+0000): a string carrying one would fail at the
/// database as a 500. Refused while reading JSON instead, as a 400 naming the field.
/// </summary>
public sealed class PostgresTextConverter : JsonConverter<string>
{
    public const string NulMessage = "Text cannot contain the NUL character (\\u0000).";

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        return value is not null && value.Contains('\0', StringComparison.Ordinal)
            ? throw new JsonException(NulMessage)
            : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // A converter for string is also asked for dictionary keys (problem details' "errors").
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options)!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);
}
