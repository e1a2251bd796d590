using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Starter.Tests.Api;

/// <summary>
/// <c>dotnet watch</c> can apply an edit to a method only if each <c>await</c> in it stands in a
/// simple statement (ENC0046 otherwise: "a complex statement containing an await expression
/// requires restarting"). Every handler and middleware under <c>src/…/Api/</c> is held to that.
/// </summary>
public sealed partial class HotReloadTests
{
    [Fact]
    public void EveryAwaitInTheApiFolder_StandsInASimpleStatement()
    {
        var api = Path.Combine(SourceRoot(), "src", "Starter.Api", "Api");
        var complex = new List<string>();
        foreach (var file in Directory.EnumerateFiles(api, "*.cs", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (!AwaitKeyword().IsMatch(line) || line.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }
                // The whole statement, up to its semicolon, however many lines it takes.
                var statement = string.Join(" ", lines.Skip(i).TakeWhile((_, n) => n == 0 || !lines[i + n - 1].TrimEnd().EndsWith(';')));
                if (!SimpleStart().IsMatch(line) || Conditional().IsMatch(statement))
                {
                    complex.Add($"{Path.GetRelativePath(api, file)}:{i + 1}: {line}");
                }
            }
        }

        Assert.True(Directory.EnumerateFiles(api, "*Endpoints.cs", SearchOption.AllDirectories).Any(), $"no endpoints under {api}");
        Assert.True(complex.Count == 0, "Put each await in its own statement (var x = await …;):\n" + string.Join("\n", complex));
    }

    [GeneratedRegex(@"\bawait\b")]
    private static partial Regex AwaitKeyword();

    // await x; / var x = await y; / x = await y; / return await y; / await using / await foreach.
    [GeneratedRegex(@"^((var\s+\w+|[\w.]+)\s*=\s*|return\s+)?await\s")]
    private static partial Regex SimpleStart();

    // A ternary, ?? or a logical operator around the awaited call makes the statement complex.
    [GeneratedRegex(@"\s\?\s|\?\?|&&|\|\|")]
    private static partial Regex Conditional();

    private static string SourceRoot([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", ".."));
}
