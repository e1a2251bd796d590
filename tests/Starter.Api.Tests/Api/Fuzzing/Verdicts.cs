using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Starter.Tests.Api.Fuzzing;

/// <summary>
/// Which generated values are certainly invalid (so must get a 4xx) and which certainly valid (so must
/// get a 2xx). Everything in between, such as a title that is only white space, which the document
/// does not forbid, may go either way: the other rules still hold for it.
/// </summary>
public static class Verdicts
{
    public static readonly string[] ValidContentTypes =
        ["application/json; charset=\"utf-8\"", "application/json; charset=UTF-8", "application/json;charset=utf-8", "APPLICATION/JSON"];

    public static readonly string[] InvalidContentTypes =
    [
        "", "text/plain", "application/json; charset=foo-bar", "application/json; charset=", "application/json; charset=utf-7",
        "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "application/xml",
        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*", "application/*", "application",
    ];

    public static Outcome ForContentType(string type) =>
        ValidContentTypes.Contains(type) ? Outcome.Success : InvalidContentTypes.Contains(type) ? Outcome.Rejected : Outcome.Any;

    public static Outcome ForContentEncoding(string coding) => coding switch
    {
        "identity" => Outcome.Success,
        "" => Outcome.Any,
        _ => Outcome.Rejected,
    };

    /// <summary>A path or query value: NUL anywhere, or an integer that is not one or is out of range, is invalid.</summary>
    public static Outcome ForUrl(ApiSchema schema, string raw)
    {
        var value = WebUtility.UrlDecode(raw);
        if (value.Contains('\0'))
        {
            return Outcome.Rejected;
        }
        if (schema.Kind != "integer" || raw.Length == 0)
        {
            return Outcome.Any;
        }
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && InRange(schema, number)
            ? Outcome.Any
            : Outcome.Rejected;
    }

    /// <summary>A body field's JSON: not JSON, the wrong JSON type, too long, out of range or holding NUL is invalid.</summary>
    public static Outcome ForJson(ApiSchema schema, string json)
    {
        JsonElement value;
        try
        {
            using var document = JsonDocument.Parse(json);
            value = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Outcome.Rejected;
        }
        return (schema.Kind, value.ValueKind) switch
        {
            (_, JsonValueKind.Null) => Outcome.Any,
            // A lone surrogate escape ("\ud800") parses, but is no text: either answer is fair.
            ("string", JsonValueKind.String) when json.Contains("\\ud", StringComparison.OrdinalIgnoreCase) => Outcome.Any,
            ("string", JsonValueKind.String) => TooLong(schema, value) || value.GetString()!.Contains('\0') ? Outcome.Rejected : Outcome.Any,
            ("integer", JsonValueKind.Number) => value.TryGetInt64(out var number) && InRange(schema, number) ? Outcome.Any : Outcome.Rejected,
            ("number", JsonValueKind.Number) or ("boolean", JsonValueKind.True or JsonValueKind.False) => Outcome.Any,
            ("array", JsonValueKind.Array) or ("object", JsonValueKind.Object) => Outcome.Any,
            _ => Outcome.Rejected,
        };
    }

    private static bool TooLong(ApiSchema schema, JsonElement text)
    {
        var length = text.GetString()!.Length;
        return length > (schema.MaxLength ?? int.MaxValue) || length < (schema.MinLength ?? 0);
    }

    private static bool InRange(ApiSchema schema, long number) =>
        number >= (schema.Minimum ?? long.MinValue) && number <= (schema.Maximum ?? long.MaxValue)
        && (schema.Format != "int32" || number is >= int.MinValue and <= int.MaxValue);
}
