using System.Text.RegularExpressions;

namespace Starter.Db.Local;

/// <summary>Names for local databases and containers, taken from the app's assembly so a renamed copy gets its own.</summary>
internal static partial class Naming
{
    /// <summary>"Starter.Api" → "starter-api".</summary>
    public static string Slug { get; } = SlugOf(typeof(Naming).Assembly.GetName().Name!);

    /// <summary>Lower case, runs of anything but letters and digits as one dash: "My Clone" → "my-clone".</summary>
    public static string SlugOf(string name) => NotAlphanumeric().Replace(name.ToLowerInvariant(), "-").Trim('-');

    /// <summary>"Starter.Api" → "starter_api_dev": a valid unquoted PostgreSQL identifier.</summary>
    public static string Database(string suffix) => $"{Slug.Replace('-', '_')}_{suffix}";

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotAlphanumeric();
}
