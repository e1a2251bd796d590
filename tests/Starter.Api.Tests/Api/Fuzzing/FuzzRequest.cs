using System.Text;

namespace Starter.Tests.Api.Fuzzing;

/// <summary>
/// One request of the fuzz run, byte for byte: the target as it goes on the request line (already
/// percent-encoded, or deliberately not), headers as given, and the body's bytes.
/// </summary>
/// <param name="Case">What is being tried, for the failure report ("CreateItem: body.title = 1e400").</param>
public sealed record FuzzRequest(string Case, string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body)
{
    public const string JsonType = "application/json";

    /// <summary>What the answer must be, where the request says it for sure; most requests may go either way.</summary>
    public Outcome Expect { get; init; } = Outcome.Any;

    /// <summary>
    /// The operation whose method and path this request uses, so its answer must be one the document
    /// lists for it; null for requests aimed elsewhere (other methods, other targets).
    /// </summary>
    public ApiOperation? Operation { get; init; }

    /// <summary>True for requests that must go without the run's credentials (to check they are refused).</summary>
    public bool Anonymous { get; init; }

    /// <summary>False when a path parameter was made hostile: the request may then match no route (404, 405).</summary>
    public bool PathAsDocumented { get; init; } = true;

    public FuzzRequest Expecting(Outcome outcome) => this with { Expect = outcome };

    public static FuzzRequest Json(string @case, string method, string target, string? json, string contentType = JsonType) =>
        new(@case, method, target, json is null ? [] : [("Content-Type", contentType)], json is null ? null : Encoding.UTF8.GetBytes(json));

    public FuzzRequest WithHeader(string name, string value, string? @case = null) =>
        this with { Case = @case ?? Case, Headers = [.. Headers.Where(h => !h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)), (name, value)] };

    public FuzzRequest WithoutHeader(string name, string @case) =>
        this with { Case = @case, Headers = [.. Headers.Where(h => !h.Name.Equals(name, StringComparison.OrdinalIgnoreCase))] };

    public byte[] ToBytes(string authority)
    {
        var head = new StringBuilder($"{Method} {Target} HTTP/1.1\r\n");
        if (!Has("Host"))
        {
            head.Append($"Host: {authority}\r\n");
        }
        head.Append("Connection: close\r\n");
        foreach (var (name, value) in Headers)
        {
            head.Append($"{name}: {value}\r\n");
        }
        if (Body is not null && !Has("Content-Length") && !Has("Transfer-Encoding"))
        {
            head.Append($"Content-Length: {Body.Length}\r\n");
        }
        head.Append("\r\n");
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. Body ?? []];
    }

    /// <summary>The request as a reader can replay it: the case, then a curl line (body shortened).</summary>
    public string Describe(Uri server)
    {
        var curl = new StringBuilder($"curl -si -X {Method} '{server.GetLeftPart(UriPartial.Authority)}{Target}'");
        foreach (var (name, value) in Headers)
        {
            curl.Append($" -H '{Shorten(value.Length > 0 ? $"{name}: {value}" : $"{name};")}'");
        }
        if (Body is not null)
        {
            curl.Append($" --data-binary '{Shorten(Printable(Body))}' ({Body.Length} bytes)");
        }
        return $"{Case} (expected: {Expect})\n    {curl}";
    }

    private bool Has(string name) => Headers.Any(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static string Printable(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        return string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : $"{text[..160]}…";
}

public enum Outcome
{
    /// <summary>Any 2xx or 4xx.</summary>
    Any,

    /// <summary>A 2xx: the request is valid.</summary>
    Success,

    /// <summary>A 4xx: the request is certainly invalid, so must not be accepted.</summary>
    Rejected,
}
