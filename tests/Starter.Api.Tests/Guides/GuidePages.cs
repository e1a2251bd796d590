using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Starter.Tests.Guides;

/// <summary>
/// The project's guides (<c>docs/*.md</c>) as the tests read them: their "Try it" sections and the
/// fenced blocks in them marked <c>bash runnable</c>. HTML comments are skipped, so a block kept in
/// a comment (another variant's, or a note) is never run.
/// </summary>
public static partial class GuidePages
{
    public const string RunnableFence = "```bash runnable";

    public static string Root { get; } = SourceRoot();

    public static string Folder => Path.Combine(Root, "docs");

    public static string PathOf(string page) => Path.Combine(Folder, page);

    /// <summary>The pages that have a "Try it" section, by file name.</summary>
    public static IEnumerable<string> WithTryIt() =>
        Directory.EnumerateFiles(Folder, "*.md")
            .Where(path => Read(path).Sections.Count > 0)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!;

    public static Page Read(string path)
    {
        var sections = new List<Section>();
        var stray = new List<int>();
        Section? section = null;
        List<string>? block = null;
        var inFence = false;
        var inComment = false;
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (inComment)
            {
                inComment = !line.Contains("-->", StringComparison.Ordinal);
                continue;
            }
            if (inFence)
            {
                if (IsFence(line))
                {
                    inFence = false;
                    if (block is not null)
                    {
                        section!.Blocks.Add(string.Join('\n', block));
                        block = null;
                    }
                }
                else
                {
                    block?.Add(line);
                }
                continue;
            }
            if (line.TrimStart().StartsWith("<!--", StringComparison.Ordinal))
            {
                inComment = !line.Contains("-->", StringComparison.Ordinal);
                continue;
            }
            if (IsFence(line))
            {
                inFence = true;
                if (line.Trim() == RunnableFence)
                {
                    if (section is null)
                    {
                        stray.Add(i + 1);
                    }
                    else
                    {
                        block = [];
                    }
                }
                continue;
            }
            if (Heading().Match(line) is { Success: true } heading)
            {
                var level = heading.Groups["hashes"].Length;
                if (section is not null && level <= section.Level)
                {
                    section = null;
                }
                if (heading.Groups["text"].Value.StartsWith("Try it", StringComparison.Ordinal))
                {
                    section = new Section(heading.Groups["text"].Value, level, i + 1, []);
                    sections.Add(section);
                }
            }
        }
        return new Page(Path.GetFileName(path), sections, stray);
    }

    public sealed record Page(string Name, IReadOnlyList<Section> Sections, IReadOnlyList<int> StrayRunnableLines);

    public sealed record Section(string Heading, int Level, int Line, List<string> Blocks);

    /// <summary>A fence line (<c>```</c> and an info string); a line that opens with inline code (<c>```` ``` ````</c>) is not one.</summary>
    private static bool IsFence(string line)
    {
        var text = line.TrimStart();
        return text.StartsWith("```", StringComparison.Ordinal) && !text.TrimStart('`').Contains('`', StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(?<hashes>#{1,6})\s+(?<text>.+?)\s*$")]
    private static partial Regex Heading();

    private static string SourceRoot([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", ".."));
}
