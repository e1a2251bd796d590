namespace Starter.Tests.Guides;

/// <summary>How the tests read a guide: which blocks are "Try it" blocks to run, and which are not.</summary>
public sealed class GuidePagesTests
{
    [Fact]
    public void Read_TakesRunnableBlocksUnderTryIt_SkipsCommentsAndInlineCode_FlagsStrayOnes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"guide-{Guid.NewGuid():N}.md");
        File.WriteAllLines(path,
        [
            "# A page",
            "```` ```bash runnable ```` in a sentence is inline code, not a fence.",
            "```bash runnable",
            "echo stray",
            "```",
            "## Try it",
            "```bash runnable",
            "echo one",
            "```",
            "<!-- kept out of the page, as another variant's lines are",
            "```bash runnable",
            "echo in a comment",
            "```",
            "-->",
            "```bash",
            "echo not marked",
            "```",
            "### A step",
            "```bash runnable",
            "echo two",
            "```",
            "## Next",
            "```bash runnable",
            "echo after the section",
            "```",
        ]);
        try
        {
            var page = GuidePages.Read(path);

            var section = Assert.Single(page.Sections);
            Assert.Equal("Try it", section.Heading);
            Assert.Equal(["echo one", "echo two"], section.Blocks);
            Assert.Equal([3, 23], page.StrayRunnableLines);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
