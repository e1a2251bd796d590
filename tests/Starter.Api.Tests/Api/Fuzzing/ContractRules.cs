using System.Text.Json;

namespace Starter.Tests.Api.Fuzzing;

/// <summary>
/// What the document promises for an operation, checked on each answer the app wrote to a request
/// aimed at it: the status is one it lists, the Content-Type is the one it lists for that status,
/// every header it marks required is there, and the body matches the schema.
/// </summary>
public static class ContractRules
{
    public static IEnumerable<string> Broken(FuzzRequest request, RawHttp.Response response)
    {
        if (request.Operation is not { } op || !response.FromApp)
        {
            yield break; // Aimed elsewhere, or refused by Kestrel before the app saw it.
        }
        if (!request.PathAsDocumented && response.Status is < 300 or 404 or 405)
        {
            // A hostile path value can leave the operation's route ("/items/" is the list): another
            // route, or none, answered.
            yield break;
        }
        if (!op.Responses.TryGetProperty(response.Status.ToString(), out var documented))
        {
            yield return $"{op}: answered {response.Status}, which the document does not list for it";
            yield break;
        }
        foreach (var header in documented.TryGetProperty("headers", out var headers) ? headers.EnumerateObject() : [])
        {
            if (header.Value.TryGetProperty("required", out var required) && required.GetBoolean() && response.Header(header.Name) is null)
            {
                yield return $"{op} {response.Status}: no {header.Name} header, which the document marks required";
            }
        }
        if (request.Method == "HEAD" || response.Body.Length == 0)
        {
            if (documented.TryGetProperty("content", out _) && request.Method != "HEAD")
            {
                yield return $"{op} {response.Status}: no body, but the document lists content";
            }
            yield break;
        }
        var mediaType = response.Header("Content-Type")?.Split(';')[0].Trim() ?? "";
        if (!documented.TryGetProperty("content", out var content) || !content.TryGetProperty(mediaType, out var media))
        {
            yield return $"{op} {response.Status}: Content-Type '{mediaType}', which the document does not list";
            yield break;
        }
        using var body = JsonDocument.Parse(response.Body);
        foreach (var error in SchemaValidator.Errors(media.GetProperty("schema"), body.RootElement, op.Components).Take(5))
        {
            yield return $"{op} {response.Status}: {error}";
        }
    }
}
