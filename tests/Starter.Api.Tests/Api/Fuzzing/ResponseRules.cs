using System.Text.Json;

namespace Starter.Tests.Api.Fuzzing;

/// <summary>What every answer must be, whatever was asked: the invariants the fuzzer checks.</summary>
public static class ResponseRules
{
    /// <summary>
    /// Headers a response may carry once at most (RFC 9110 §5.3: not lists, so a repeat is
    /// misread or refused by clients and proxies).
    /// </summary>
    public static readonly string[] SingleValued =
        ["Content-Type", "Content-Length", "ETag", "Location", "Retry-After", "WWW-Authenticate", "Cache-Control"];

    /// <summary>The reasons <paramref name="response"/> breaks a rule; empty when it keeps them all.</summary>
    public static IEnumerable<string> Broken(FuzzRequest request, RawHttp.Response response)
    {
        foreach (var name in SingleValued.Where(name => response.Count(name) > 1))
        {
            yield return $"{name} sent {response.Count(name)} times";
        }
        if (response.Status >= 500)
        {
            yield return $"answered {response.Status}";
        }
        // A valid delete may still be refused for other rows referring to it (a 409 the document declares).
        if (request.Expect == Outcome.Success && response.Status is < 200 or >= 300
            && !(request.Method == "DELETE" && response.Status == 409 && request.Operation?.Responses.TryGetProperty("409", out _) == true))
        {
            yield return $"a valid request answered {response.Status}";
        }
        if (request.Expect == Outcome.Rejected && response.Status is < 400 or >= 500)
        {
            yield return $"an invalid request answered {response.Status}";
        }
        if (request.Method == "HEAD")
        {
            if (response.Body.Length > 0)
            {
                yield return $"HEAD answered with {response.Body.Length} body bytes";
            }
            yield break;
        }
        if (response.FromApp && response.Status >= 400 && ProblemError(response) is { } problem)
        {
            yield return $"{response.Status} is not a problem: {problem}";
        }
        if (response.Status is >= 200 and < 300 && response.Header("Content-Type")?.Contains("json") == true && JsonError(response) is { } json)
        {
            yield return $"{response.Status} body is not JSON: {json}";
        }
    }

    private static string? ProblemError(RawHttp.Response response)
    {
        if (response.Header("Content-Type")?.StartsWith("application/problem+json", StringComparison.Ordinal) != true)
        {
            return $"Content-Type '{response.Header("Content-Type")}'";
        }
        try
        {
            using var body = JsonDocument.Parse(response.Body);
            var root = body.RootElement;
            return root.TryGetProperty("status", out var status) && status.GetInt32() == response.Status
                   && root.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString())
                ? null
                : "no matching status or no title";
        }
        catch (JsonException e)
        {
            return e.Message;
        }
    }

    private static string? JsonError(RawHttp.Response response)
    {
        try
        {
            using var body = JsonDocument.Parse(response.Body);
            return null;
        }
        catch (JsonException e)
        {
            return e.Message;
        }
    }
}
