using System.Diagnostics;
using System.Text.RegularExpressions;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Guides;

/// <summary>
/// Every "Try it" block of the guides that is marked runnable, run as a reader would run it: with
/// bash and curl, against the app on Kestrel, the page's blocks in order in one shell. curl fails on
/// any 4xx or 5xx, so a command whose route, body or header went out of date fails the page.
/// </summary>
public sealed partial class TryItTests(GuideApp app) : IClassFixture<GuideApp>
{
    // What the reader's shell does not have: stopping at the first failure, and curl refusing an
    // error answer (its body is still printed, for the failure message).
    private const string Prelude = """
        set -euo pipefail
        curl() { command curl --fail-with-body --silent --show-error --max-time 30 "$@"; }

        """;

    public static TheoryData<string> PagesWithTryIt() => new(GuidePages.WithTryIt());

    [Theory]
    [MemberData(nameof(PagesWithTryIt))]
    public async Task RunnableBlocks_RunAgainstTheApp_Succeed(string page)
    {
        var blocks = GuidePages.Read(GuidePages.PathOf(page)).Sections.SelectMany(s => s.Blocks).ToArray();
        var script = Prelude + string.Join("\n\n", blocks.Select(block => LocalAddress().Replace(block, app.BaseUrl)));

        var (exitCode, output) = await RunBashAsync(script, app.ConnectionString);

        Assert.True(exitCode == 0,
            $"docs/{page}: its runnable blocks failed (exit code {exitCode}) against {app.BaseUrl}.\n"
            + $"Output:\n{output}\nThe app's last requests:\n{string.Join('\n', app.Output.Where(IsRequestLine).TakeLast(10))}");
    }

    [Fact]
    public void TryItSections_EachHoldARunnableBlock_AndNoneStandsOutsideOne()
    {
        var pages = Directory.EnumerateFiles(GuidePages.Folder, "*.md").Select(GuidePages.Read).ToArray();

        Assert.Contains(pages, page => page.Sections.Count > 0);
        Assert.All(pages, page =>
        {
            Assert.All(page.Sections, section => Assert.True(section.Blocks.Count > 0,
                $"docs/{page.Name}:{section.Line}: \"{section.Heading}\" has no {GuidePages.RunnableFence} block"));
            Assert.True(page.StrayRunnableLines.Count == 0,
                $"docs/{page.Name}: a runnable block outside a \"Try it\" section, line(s) {string.Join(", ", page.StrayRunnableLines)}");
        });
    }

    private static bool IsRequestLine(string line) => line.Contains("\"Category\":\"Starter.Requests\"", StringComparison.Ordinal);

    private static async Task<(int ExitCode, string Output)> RunBashAsync(string script, string connectionString)
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("try-it-");
        var file = Path.Combine(folder.FullName, "try-it.sh");
        await File.WriteAllTextAsync(file, script, ct);
        var info = new ProcessStartInfo("bash", [file])
        {
            // The project's root, where a reader runs the guides' commands (dotnet run --project src/…).
            WorkingDirectory = GuidePages.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A dotnet run -- db … in a block works on the app's database, as a reader's does on theirs.
        info.Environment["DATABASE_URL"] = connectionString;
        try
        {
            using var bash = Process.Start(info)
                ?? throw new InvalidOperationException("The guides' Try it blocks need bash (and curl) on PATH.");
            var result = await AppProcess.WaitAsync(bash, TimeSpan.FromSeconds(90));
            return (result.ExitCode, result.Stdout + result.Stderr);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // The address the guides write (http://127.0.0.1:<the dotnet run port>), whatever the port.
    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex LocalAddress();
}
