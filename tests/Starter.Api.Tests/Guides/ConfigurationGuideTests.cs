using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Starter.Tests.Guides;

/// <summary>
/// <c>docs/configuration.md</c> and the code name the same settings: every setting an options class
/// declares (<c>[ConfigurationKeyName]</c>) is in the guide's tables and in <c>.env.example</c>, and
/// every setting in the tables is read somewhere in the code.
/// </summary>
public sealed partial class ConfigurationGuideTests
{
    private static readonly string[] Declared = typeof(Program).Assembly.GetTypes()
        .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        .Select(property => property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name)
        .OfType<string>()
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static readonly string[] CodeFolders = ["src", "tests"];

    [Fact]
    public void EverySettingTheCodeDeclares_IsInTheGuide()
    {
        var documented = DocumentedSettings();

        var undocumented = Declared.Where(name => !documented.Contains(name)).ToArray();

        Assert.NotEmpty(Declared);
        Assert.Empty(undocumented);
    }

    [Fact]
    public void EverySettingTheCodeDeclares_IsInEnvExample()
    {
        var example = File.ReadAllText(Path.Combine(GuidePages.Root, ".env.example"));

        var missing = Declared.Where(name => !Regex.IsMatch(example, $@"(?m)^#?\s*{Regex.Escape(name)}=")).ToArray();

        Assert.Empty(missing);
    }

    [Fact]
    public void EverySettingInTheGuide_IsReadByTheCode()
    {
        var code = string.Join('\n', CodeFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(GuidePages.Root, folder), "*.*", SearchOption.AllDirectories))
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".json", StringComparison.Ordinal))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

        // A setting is read when an options class declares it or the code names it as a string
        // (the framework's and the tools' variables); for Section__Key, the last key is named.
        var unread = DocumentedSettings()
            .Where(name => !Declared.Contains(name) && !code.Contains($"\"{name.Split("__")[^1]}\"", StringComparison.Ordinal))
            .ToArray();

        Assert.Empty(unread);
    }

    /// <summary>Each name in backquotes in the first cell of a table row of the guide.</summary>
    private static HashSet<string> DocumentedSettings()
    {
        var names = File.ReadAllLines(GuidePages.PathOf("configuration.md"))
            .Select(line => FirstCell().Match(line))
            .Where(match => match.Success)
            .SelectMany(match => Quoted().Matches(match.Groups["cell"].Value).Select(name => name.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(names);
        return names;
    }

    [GeneratedRegex(@"^\|(?<cell>[^|]*)\|")]
    private static partial Regex FirstCell();

    [GeneratedRegex(@"`(?<name>[A-Za-z][A-Za-z0-9_.]*)`")]
    private static partial Regex Quoted();
}
