using System.Text.Json;
using System.Text.RegularExpressions;

namespace Starter.Api.Problems;

/// <summary>
/// Turns a request the framework could not bind into a problem for the API's client. The framework's
/// messages talk about the C# code ("parameter \"long id\"", "Did you mean to use a Service
/// instead?"); they carry no structured data, so their fixed English wording is read here, and every
/// shape of it has a test.
/// </summary>
public static partial class BindingFailure
{
    public static ProblemDetails Describe(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem(bad, "The request body is larger than this API accepts.");
        }
        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return Problem(bad, "Send the request body as JSON, with Content-Type: application/json.");
        }
        if (bad.InnerException is JsonException json)
        {
            return JsonError(bad, json);
        }
        if (BindFailed().Match(bad.Message) is { Success: true } failed)
        {
            return Invalid(failed.Groups["name"].Value, $"The value is not {Expected(failed.Groups["type"].Value)}.");
        }
        if (RequiredMissing().Match(bad.Message) is { Success: true } missing)
        {
            return missing.Groups["source"].Value == "body"
                ? Problem(bad, "This operation needs a JSON request body.")
                : Invalid(missing.Groups["name"].Value, "The value is required.");
        }
        if (bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal))
        {
            return Problem(bad, "This operation needs a JSON request body.");
        }
        if (bad.Message.StartsWith("Failed to read parameter", StringComparison.Ordinal))
        {
            return Problem(bad, "The request body is not valid JSON in UTF-8.");
        }
        // Kestrel's own messages ("Unexpected end of request content.") describe the request already.
        return Problem(bad, bad.Message);
    }

    /// <summary>
    /// A field with the wrong type, null where null is not taken, unknown or sent twice is a
    /// validation problem whose <c>errors</c> name the field; a body that is not JSON at all is about
    /// the body as a whole (<c>ProblemJsonWriter</c> names it <c>$</c>).
    /// </summary>
    private static ProblemDetails JsonError(BadHttpRequestException bad, JsonException json)
    {
        // JSON, but without a property the type requires ("… missing required properties including: 'password'.").
        if (MissingProperties().Match(json.Message) is { Success: true } missing)
        {
            var fields = missing.Groups["names"].Captures.Select(c => c.Value);
            return new HttpValidationProblemDetails(fields.ToDictionary(f => f, _ => RequiredValue))
            {
                Status = StatusCodes.Status400BadRequest,
                Detail = "The request body lacks a required field.",
            };
        }
        // JSON, but not an object where one is expected ("[]", "1", "\"x\"").
        if (json.InnerException is null && json.Path == "$" && ConvertFailed().IsMatch(json.Message))
        {
            var notObject = Invalid("$", "The request body must be a JSON object.");
            notObject.Detail = "The request body must be a JSON object.";
            return notObject;
        }
        // The reader's own exception inside: the text is not JSON at all.
        if (json.InnerException is JsonException || json.Path is not { Length: > 2 } path || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return Problem(bad, json.LineNumber is { } line && json.BytePositionInLine is { } position
                ? $"The request body is not valid JSON (line {line + 1}, byte {position + 1})."
                : "The request body is not valid JSON.");
        }
        var error = json.Message switch
        {
            _ when ConvertFailed().Match(json.Message) is { Success: true } convert => $"The value is not {Expected(FieldType(convert.Groups["type"].Value, path))}.",
            _ when json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) => "This field is not part of the request.",
            _ when json.Message.StartsWith("Duplicate property", StringComparison.Ordinal) => "The field is sent more than once.",
            // "… doesn't allow setting null values" (a setter), "… doesn't allow null values" (an init or constructor parameter).
            _ when json.Message.Contains("doesn't allow setting null", StringComparison.Ordinal)
                || json.Message.Contains("doesn't allow null values", StringComparison.Ordinal) => "The value cannot be null.",
            _ when json.Message.StartsWith(PostgresTextConverter.NulMessage, StringComparison.Ordinal) => PostgresTextConverter.NulMessage,
            _ => "The value is not valid here.",
        };
        var problem = Invalid(path[2..], error);
        problem.Detail = $"The request body is not valid here: check the value at '{path}'.";
        return problem;
    }

    private static ProblemDetails Problem(BadHttpRequestException bad, string detail) =>
        new() { Status = bad.StatusCode, Detail = detail };

    private static readonly string[] RequiredValue = ["The value is required."];

    private static HttpValidationProblemDetails Invalid(string name, string error) =>
        new(new Dictionary<string, string[]> { [name] = [error] }) { Status = StatusCodes.Status400BadRequest };

    /// <summary>
    /// The type of the field at <paramref name="path"/> when the reader named the schema holding it
    /// (it does for a record's init-only or constructor properties), so that a create and an update
    /// word the same mistake alike; otherwise <paramref name="type"/> as named.
    /// </summary>
    private static string FieldType(string type, string path)
    {
        var field = path[2..];
        if (typeof(BindingFailure).Assembly.GetType(type) is not { } schema || field.Contains('.') || field.Contains('['))
        {
            return type;
        }
        var property = schema.GetProperties().FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
        return property is null ? type : (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType).FullName ?? type;
    }

    /// <summary>What a value of the handler's parameter type looks like, in the client's terms.</summary>
    /// <remarks>Binding names C# keywords ("long"), JSON names runtime types ("System.Nullable`1[System.Int64]").</remarks>
    private static string Expected(string type) => NullableOf().Replace(type, "$1").TrimEnd('?') switch
    {
        "int" or "System.Int32" => "a whole number from -2147483648 to 2147483647",
        "long" or "System.Int64" => "a whole number from -9223372036854775808 to 9223372036854775807",
        "short" or "byte" or "uint" or "ulong" or "ushort" or "sbyte" => "a whole number in range",
        "System.Int16" or "System.Byte" or "System.UInt32" or "System.UInt64" or "System.UInt16" or "System.SByte" => "a whole number in range",
        "decimal" or "double" or "float" or "System.Decimal" or "System.Double" or "System.Single" => "a number",
        "bool" or "System.Boolean" => "true or false",
        "string" or "System.String" => "a string of valid Unicode text",
        "Guid" or "System.Guid" => "a UUID",
        "DateTime" or "DateTimeOffset" or "System.DateTime" or "System.DateTimeOffset" => "a date and time (ISO 8601)",
        "DateOnly" or "System.DateOnly" => "a date (YYYY-MM-DD)",
        var other when other.EndsWith("[]", StringComparison.Ordinal) || other.StartsWith("System.Collections", StringComparison.Ordinal) => "an array",
        _ => "of the expected type",
    };

    // The JSON value could not be converted to System.Int64. Path: $.id | LineNumber: 0 | BytePositionInLine: 9.
    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>\S+)\. Path")]
    private static partial Regex ConvertFailed();

    [GeneratedRegex(@"^System\.Nullable`1\[(.+)\]$")]
    private static partial Regex NullableOf();

    // JSON deserialization for type 'X' was missing required properties including: 'email', 'password'.
    [GeneratedRegex(@"missing required properties including: (?:'(?<names>[^']+)'(?:, )?)+")]
    private static partial Regex MissingProperties();

    // Failed to bind parameter "long id" from "abc".
    [GeneratedRegex("""^Failed to bind parameter "(?<type>\S+) (?<name>[^"]+)" from """)]
    private static partial Regex BindFailed();

    // Required parameter "int limit" was not provided from query string.
    [GeneratedRegex("""^Required parameter "(?<type>\S+) (?<name>[^"]+)" was not provided from (?<source>.+)\.$""")]
    private static partial Regex RequiredMissing();
}
