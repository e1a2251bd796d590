namespace Starter.Tests.Api.Fuzzing;

/// <summary>
/// Boundary and hostile values by schema kind: URL values (raw, percent-encoded or deliberately
/// malformed) for path and query parameters, header values, and JSON texts for body fields.
/// </summary>
public static class HostileValues
{
    /// <summary>Values for a path or query parameter, as they go into the URL.</summary>
    public static IEnumerable<string> ForUrl(ApiSchema schema)
    {
        IEnumerable<string> typed = schema.Kind is "integer" or "number"
            ?
            [
                "0", "-1", "-0", "00001", "+1", "1.0", "1.5", "1e3", "0x1F", "1,000", "%201", "1%20", "1%00", "%00",
                "abc", "true", "null", "NaN", "Infinity", "%D9%A1", "%EF%BC%91",
                "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
                "-9223372036854775809", "18446744073709551616", new string('9', 5000),
            ]
            : [];
        var bounds = new[] { schema.Minimum - 1, schema.Maximum + 1 }.OfType<long>().Select(b => b.ToString());
        var lengths = schema.MaxLength is { } max ? [new string('a', max + 1)] : Array.Empty<string>();
        return typed.Concat(bounds).Concat(lengths).Concat(
        [
            "", "%20", "%00", "a%00b", "%FF", "%C0%AF", "%ED%A0%80", "%", "%zz", "%F0%9F%92%A5", "%E2%80%AE",
            "'%20OR%201=1--", "%27%3BDROP%20TABLE%20x--", "%3Cscript%3E", "..%2F..%2Fetc%2Fpasswd", "%2F", "%5C",
            new string('A', 5000), new string('=', 12), "AAAAAAAAAA%2B%2F", "AQAAAAAAAAAA", "AQAAAAAAAAAB", "AQ%3D%3D",
            "____________", "AP%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F", "%F0%9F%92%A5%F0%9F%92%A5%F0%9F%92%A5AAAAAA",
        ]).Distinct();
    }

    /// <summary>Values for a header parameter, as they go on the header line.</summary>
    public static IEnumerable<string> ForHeader(ApiSchema schema) =>
    [
        "", " ", "*", "\"1\"", "W/\"1\"", "\"abc\"", "\"-1\"", "\"0\"", "\"4294967296\"", "\"1\", \"2\"", "1", "\"",
        "\"\"", "*, \"1\"", new string('"', 3000), "caf\u00e9", "\"\u00e9\"", "\"\u0001\"", "\u0000",
        .. schema.MaxLength is { } max ? [new string('a', max + 1)] : Array.Empty<string>(),
    ];

    /// <summary>JSON texts to put where a body field's value goes.</summary>
    public static IEnumerable<string> ForJson(ApiSchema schema)
    {
        var lengths = new[] { schema.MinLength - 1, schema.MaxLength, schema.MaxLength + 1 }
            .OfType<int>().Where(n => n >= 0).Select(n => $"\"{new string('x', n)}\"");
        // Well-formed values at and past the length bounds (and far past them where none is set), so the
        // length is what is tested, not the format: an address longer than its column once got a 500.
        var shaped = schema.Format == "email"
            ? new[] { schema.MaxLength, schema.MaxLength + 1, 5000 }.OfType<int>().Select(n => $"\"{new string('x', Math.Max(1, n - 12))}@example.com\"")
            : [];
        lengths = lengths.Concat(shaped);
        var bounds = new[] { schema.Minimum - 1, schema.Maximum + 1 }.OfType<long>().Select(b => b.ToString());
        return lengths.Concat(bounds).Concat(
        [
            "1", "-1", "0", "-0", "1.5", "1e400", "-1e400", "123456789012345678901234567890", "9223372036854775808",
            "\"1\"", "\"9223372036854775808\"", "true", "false", "null", "[]", "{}", "[\"a\"]", "{\"a\":1}",
            "\"\"", "\" \"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\u202e\"",
            "\"\\\"\"", "\"' OR 1=1; DROP TABLE items;--\"", "\"<script>alert(1)</script>\"", "\"\ud83d\udca5\"",
            "\"2026-13-45T99:99:99Z\"", $"\"{new string('x', 100_000)}\"", new string('[', 2000) + new string(']', 2000),
            // Not JSON at all: the body around them is then malformed.
            "NaN", "Infinity", "0x10", "01", "1.", ".5", "-", "'single'", "\"\\x41\"", "\"unterminated", "\"\t\"", "undefined",
        ]).Distinct();
    }

    /// <summary>Whole bodies, valid JSON or not, in place of the operation's body.</summary>
    public static IEnumerable<string> Bodies() =>
    [
        "", " ", "null", "[]", "\"x\"", "1", "true", "{", "}", "{}}", "{\"a\":}", "{,}", "{\"a\":1,}", "/*c*/{}",
        "{'a':'b'}", "{\"__proto__\":{\"x\":1}}", "\ufeff{}", new string('[', 10_000) + new string(']', 10_000),
        string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000), "{\"a\":\"" + new string('b', 1_500_000) + "\"}",
    ];

    /// <summary>Content-Type values to send with an otherwise valid JSON body.</summary>
    public static IEnumerable<string> ContentTypes() =>
    [
        "", "text/plain", "application/json; charset=foo-bar", "application/json; charset=", "application/json; charset=utf-7",
        "application/json; charset=\"utf-8\"", "application/json; charset=UTF-8", "application/json;charset=utf-8",
        "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "application/json; charset=\"foo",
        "application/json; charset=utf-8; charset=latin1", "application/json;;", "application/json; foo", "application/json; =x",
        "application/json-patch+json", "application/merge-patch+json", "application/problem+json", "text/json", "application/xml",
        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*", "application/*", "application",
        "APPLICATION/JSON", "application/json, text/plain", "application/json; charset=utf-8, text/plain",
    ];

    /// <summary>Content-Encoding values for a plain (not encoded) JSON body.</summary>
    public static IEnumerable<string> ContentEncodings() => ["gzip", "deflate", "br", "identity", "gzip, identity", "foo", "", "x-gzip"];

    /// <summary>Request targets that try to leave the API: traversal, bad escapes, huge or odd paths.</summary>
    public static IEnumerable<string> Targets() =>
    [
        "/api/v1/../../etc/passwd", "/docs/../../appsettings.json", "/redoc/%2e%2e/%2e%2e/", "/api/v1/%E0%A4%A", "/%00",
        "/api/v1//items", "//api/v1/health", "/api/v1/health%2F..%2F..", "/api/v1/health?%", "/api/v1/health#x", "*",
        "http://evil.example/api/v1/health", "/" + new string('a', 4000), "/api/v1/health?" + new string('q', 9000),
        "/openapi/v2.json", "/openapi/../appsettings.json", "/docs/index.html?url=http://evil.example/x.json", "/.env",
    ];

    /// <summary>Headers no operation declares, sent with a valid request.</summary>
    public static IEnumerable<(string Name, string Value)> OddHeaders() =>
    [
        ("Accept", "application/problem+json;q=abc"), ("Accept", "text/html"), ("Accept", "application/xml"), ("Accept", ""),
        ("Accept-Charset", "utf-16"), ("Accept-Encoding", "gzip;q=abc"), ("X-Forwarded-For", "not-an-ip, 999.1.1.1"),
        ("X-Forwarded-Proto", "gopher"), ("X-Forwarded-Host", "evil.example"), ("Origin", "null"), ("Origin", "http://evil.example"),
        ("Cookie", new string('c', 8000)), ("Range", "bytes=-1-2"), ("If-None-Match", "*"), ("If-Modified-Since", "yesterday"),
        ("Transfer-Encoding", "gzip"), ("Host", "evil.example.com:99999"), ("Host", ""), ("Expect", "100-continue"),
        ("Expect", "teapot"), ("Content-Length", "abc"), ("Content-Length", "-1"), ("X-HTTP-Method-Override", "DELETE"),
        ("Authorization", "Bearer " + new string('a', 4000)), ("Traceparent", "00-zzzz-zzzz-01"), ("Traceparent", new string('0', 2000)),
    ];
}
