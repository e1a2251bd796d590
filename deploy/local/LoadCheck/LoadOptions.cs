using System.Globalization;

namespace Starter.Deploy.LoadCheck;

/// <summary>The command line: where to send the load, its shape, what the phase allows, the files to write.</summary>
public sealed record LoadOptions
{
    public const string Usage = """
        Usage: LoadCheck --url <base url> [options]
          --phase <name>            a name for the report and the test user (default: load)
          --readers <n>             concurrent readers (default 8)
          --creators <n>            concurrent creators (default 4)
          --rate <n>                requests per second, all workers and retries together (default 40)
          --max-seconds <n>         stop by then even without SIGTERM (default 120)
          --attempts <n>            attempts per create, the first included (default 12)
          --allow-503               a 503 problem with Retry-After is expected (database outage), not a failure
          --acks <file>             writes "key<TAB>id" per create, id \N when it was never acknowledged
          --events <file>           writes "unix-ms<TAB>read|create<TAB>status or error" per request
          --ready <file>            written once signed in and seeded, when the load starts
        Runs until SIGTERM or SIGINT, then lets every create in flight finish (retries included), prints
        the counts as JSON and exits 0 when the phase's expectation held, 1 when not, 2 when it could not
        start, 64 on bad usage.
        """;

    public required Uri BaseUrl { get; init; }
    public string Phase { get; init; } = "load";
    public int Readers { get; init; } = 8;
    public int Creators { get; init; } = 4;
    public double RatePerSecond { get; init; } = 40;
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromSeconds(120);
    public int MaxCreateAttempts { get; init; } = 12;
    public bool Allow503 { get; init; }
    public string? AcksFile { get; init; }
    public string? EventsFile { get; init; }
    public string? ReadyFile { get; init; }

    /// <summary>Reads the arguments; throws <see cref="ArgumentException"/> on anything it does not understand.</summary>
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        var flags = new HashSet<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--allow-503":
                    flags.Add(args[i]);
                    break;
                case "--url" or "--phase" or "--readers" or "--creators" or "--rate" or "--max-seconds" or "--attempts"
                    or "--acks" or "--events" or "--ready" when i + 1 < args.Length:
                    values[args[i]] = args[++i];
                    break;
                default:
                    throw new ArgumentException($"Not understood: {args[i]}");
            }
        }
        if (!values.TryGetValue("--url", out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var baseUrl))
        {
            throw new ArgumentException("--url <base url> is required, e.g. --url http://127.0.0.1:28080");
        }
        return new LoadOptions
        {
            BaseUrl = baseUrl,
            Phase = values.GetValueOrDefault("--phase", "load"),
            Readers = Positive(values, "--readers", 8),
            Creators = Positive(values, "--creators", 4),
            RatePerSecond = Positive(values, "--rate", 40),
            MaxDuration = TimeSpan.FromSeconds(Positive(values, "--max-seconds", 120)),
            MaxCreateAttempts = Positive(values, "--attempts", 12),
            Allow503 = flags.Contains("--allow-503"),
            AcksFile = values.GetValueOrDefault("--acks"),
            EventsFile = values.GetValueOrDefault("--events"),
            ReadyFile = values.GetValueOrDefault("--ready"),
        };
    }

    private static int Positive(Dictionary<string, string> values, string name, int fallback)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} wants a positive whole number, not '{text}'");
    }
}
