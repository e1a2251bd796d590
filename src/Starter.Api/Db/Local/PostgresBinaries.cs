namespace Starter.Db.Local;

/// <summary>Finds the folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>.</summary>
internal static class PostgresBinaries
{
    /// <summary>Names the folder outright, for a server installed somewhere unusual.</summary>
    public const string OverrideVariable = "PG_BINDIR";

    private static readonly string Initdb = OperatingSystem.IsWindows() ? "initdb.exe" : "initdb";

    /// <summary>Where to look, in order: the override, <c>pg_config --bindir</c>, PATH, usual install folders.</summary>
    public static async Task<string?> FindAsync(CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } overridden)
        {
            return HasServer(overridden) ? overridden
                : throw new InvalidOperationException($"{OverrideVariable}={overridden} holds no {Initdb}.");
        }

        if (Shell.Which("pg_config") is { } pgConfig)
        {
            var result = await Shell.RunAsync(pgConfig, ["--bindir"], ct);
            if (result.Ok && HasServer(result.Output))
            {
                return result.Output;
            }
        }

        if (Shell.Which("initdb") is { } initdb)
        {
            return Path.GetDirectoryName(initdb);
        }

        return WellKnownFolders().FirstOrDefault(HasServer);
    }

    private static bool HasServer(string dir) => File.Exists(Path.Combine(dir, Initdb));

    /// <summary>Debian/Ubuntu, RHEL, Homebrew, Postgres.app and the Windows installer, newest first.</summary>
    private static IEnumerable<string> WellKnownFolders()
    {
        string[] patterns = OperatingSystem.IsWindows()
            ? [@"C:\Program Files\PostgreSQL\*\bin"]
            : ["/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/usr/local/pgsql/bin",
               "/opt/homebrew/opt/postgresql@*/bin", "/usr/local/opt/postgresql@*/bin",
               "/Applications/Postgres.app/Contents/Versions/*/bin"];
        foreach (var pattern in patterns)
        {
            var star = pattern.IndexOf('*');
            if (star < 0)
            {
                yield return pattern;
                continue;
            }
            var parent = Path.GetDirectoryName(pattern[..star])!;
            var prefix = Path.GetFileName(pattern[..star]);
            var suffix = pattern[(star + 1)..];
            if (!Directory.Exists(parent))
            {
                continue;
            }
            var candidates = Directory.EnumerateDirectories(parent, prefix + "*")
                .OrderByDescending(d => VersionOf(d[(parent.Length + 1 + prefix.Length)..]));
            foreach (var candidate in candidates)
            {
                yield return candidate + suffix;
            }
        }
    }

    private static double VersionOf(string text) =>
        double.TryParse(new string(text.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()), out var v) ? v : 0;
}
