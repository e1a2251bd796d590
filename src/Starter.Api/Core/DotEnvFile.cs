using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Starter.Core;

/// <summary>
/// Reads <c>KEY=VALUE</c> lines from a <c>.env</c> file into configuration, below real environment
/// variables so that those always win (the seed's pydantic-settings behaviour).
/// </summary>
public static class DotEnvFile
{
    public const string FileName = ".env";

    /// <summary>
    /// Adds the nearest <c>.env</c>: the working directory's, else its parents' up to the repository
    /// root, because <c>dotnet run --project src/Starter.Api</c> runs in the project folder.
    /// </summary>
    public static IConfigurationBuilder AddDotEnvFile(this IConfigurationBuilder configuration, string startDirectory)
    {
        if (Find(startDirectory) is not { } path)
        {
            return configuration;
        }

        var source = new DotEnvSource(path);
        var sources = configuration.Sources;
        var environmentIndex = sources
            .Select((s, i) => (s, i))
            .FirstOrDefault(x => x.s is EnvironmentVariablesConfigurationSource { Prefix: null or "" }, (null!, -1)).i;
        if (environmentIndex < 0)
        {
            sources.Add(source);
        }
        else
        {
            sources.Insert(environmentIndex, source);
        }
        return configuration;
    }

    internal static string? Find(string startDirectory)
    {
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
            if (RepositoryRoot.IsRoot(dir))
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>Parses dotenv text: comments, blank lines, <c>export</c>, single and double quotes.</summary>
    internal static Dictionary<string, string?> Parse(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }
            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }
            // "__" nests, as in environment variables: Logging__LogLevel__Default is Logging:LogLevel:Default.
            var key = line[..equals].Trim().Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
            var value = line[(equals + 1)..].Trim();
            values[key] = Unquote(value);
        }
        return values;
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
        {
            var inner = value[1..^1];
            return value[0] == '"' ? inner.Replace("\\n", "\n").Replace("\\\"", "\"") : inner;
        }
        // An unquoted value ends at an inline comment.
        var comment = value.IndexOf(" #", StringComparison.Ordinal);
        return comment >= 0 ? value[..comment].TrimEnd() : value;
    }

    private sealed class DotEnvSource(string path) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new DotEnvProvider(path);
    }

    private sealed class DotEnvProvider(string path) : ConfigurationProvider
    {
        public override void Load() => Data = Parse(File.ReadLines(path));
    }
}
