using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Starter.Api.Docs;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.Docs;

/// <summary>
/// The served OpenAPI document is the contract other teams and client generators read. It is
/// committed beside this file (<c>openapi.v1.json</c>), so every change to it shows in review, and CI
/// lints that file. A change to the document fails this test until the snapshot is updated:
/// <c>OPENAPI_SNAPSHOT_UPDATE=1 dotnet test --filter "FullyQualifiedName~OpenApiSnapshot"</c>.
/// </summary>
public sealed class OpenApiSnapshotTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public const string UpdateVariable = "OPENAPI_SNAPSHOT_UPDATE";

    [Fact]
    public async Task ServedDocument_MatchesTheCommittedSnapshot()
    {
        var served = Normalize(await factory.CreateClient().GetStringAsync(ApiDocs.DocumentPath, TestContext.Current.CancellationToken));
        var path = SnapshotPath();

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Assert.NotEqual("true", Environment.GetEnvironmentVariable("CI"));
            await File.WriteAllTextAsync(path, served, TestContext.Current.CancellationToken);
        }

        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken) : "";
        Assert.True(committed == served,
            $"The served OpenAPI document differs from {path}. If the change is intended, run "
            + $"{UpdateVariable}=1 dotnet test --filter \"FullyQualifiedName~OpenApiSnapshot\" and commit the file.\n"
            + FirstDifference(committed, served));
    }

    /// <summary>Indented, with a final newline, as the file is committed.</summary>
    private static string Normalize(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n") + "\n";

    private static string FirstDifference(string committed, string served)
    {
        var before = committed.Split('\n');
        var after = served.Split('\n');
        var line = Enumerable.Range(0, Math.Min(before.Length, after.Length)).FirstOrDefault(i => before[i] != after[i], Math.Min(before.Length, after.Length));
        string Around(string[] lines) => string.Join("\n", lines.Skip(Math.Max(0, line - 2)).Take(6));
        return $"First difference at line {line + 1}.\n--- committed\n{Around(before)}\n+++ served\n{Around(after)}";
    }

    private static string SnapshotPath([CallerFilePath] string testFile = "") =>
        Path.Combine(Path.GetDirectoryName(testFile)!, "openapi.v1.json");
}
