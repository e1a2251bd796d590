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
            return Problem(bad, json.Path is { Length: > 1 } path
                ? $"The request body is not valid here: check the value at '{path}'."
                : "The request body is not valid JSON.");
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

    private static ProblemDetails Problem(BadHttpRequestException bad, string detail) =>
        new() { Status = bad.StatusCode, Detail = detail };

    private static HttpValidationProblemDetails Invalid(string name, string error) =>
        new(new Dictionary<string, string[]> { [name] = [error] }) { Status = StatusCodes.Status400BadRequest };

    /// <summary>What a value of the handler's parameter type looks like, in the client's terms.</summary>
    private static string Expected(string type) => type.TrimEnd('?') switch
    {
        "int" => "a whole number from -2147483648 to 2147483647",
        "long" => "a whole number from -9223372036854775808 to 9223372036854775807",
        "short" or "byte" or "uint" or "ulong" or "ushort" or "sbyte" => "a whole number in range",
        "decimal" or "double" or "float" => "a number",
        "bool" => "true or false",
        "Guid" => "a UUID",
        "DateTime" or "DateTimeOffset" => "a date and time (ISO 8601)",
        "DateOnly" => "a date (YYYY-MM-DD)",
        _ => "in the expected format",
    };

    // Failed to bind parameter "long id" from "abc".
    [GeneratedRegex("""^Failed to bind parameter "(?<type>\S+) (?<name>[^"]+)" from """)]
    private static partial Regex BindFailed();

    // Required parameter "int limit" was not provided from query string.
    [GeneratedRegex("""^Required parameter "(?<type>\S+) (?<name>[^"]+)" was not provided from (?<source>.+)\.$""")]
    private static partial Regex RequiredMissing();
}
