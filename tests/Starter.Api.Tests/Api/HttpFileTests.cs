using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api;

/// <summary><c>src/Starter.Api/Starter.Api.http</c> has a request for every operation in the OpenAPI document.</summary>
public sealed partial class HttpFileTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task HttpFile_HasARequestForEveryOperation()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var operations = document.GetProperty("paths").EnumerateObject()
            // Any path parameter ({id}, {projectId}) reads as {id}, as any {{variable}} below does.
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {Parameter().Replace(path.Name, "{id}")}"))
            .ToHashSet();

        var requests = File.ReadLines(HttpFile())
            .Select(line => Request().Match(line))
            .Where(match => match.Success)
            // A {{variable}} segment stands for a path parameter.
            .Select(match => $"{match.Groups["method"].Value} {Variable().Replace(match.Groups["path"].Value, "{id}")}")
            .ToHashSet();

        Assert.Empty(operations.Except(requests));
    }

    [GeneratedRegex(@"^(?<method>GET|POST|PUT|PATCH|DELETE) \{\{host\}\}(?<path>[^?\s]*)")]
    private static partial Regex Request();

    [GeneratedRegex(@"\{\{[^}]+\}\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    private static string HttpFile([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", "..", "src", "Starter.Api", "Starter.Api.http"));
}
