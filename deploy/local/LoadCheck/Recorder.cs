namespace Starter.Deploy.LoadCheck;

/// <summary>
/// The two files check.sh reads: every create's key with the id it was acknowledged with (or \N),
/// which it looks up in PostgreSQL; and every request's time and outcome, from which it measures
/// recovery after an outage.
/// </summary>
public sealed class Recorder(string? acksFile, string? eventsFile) : IDisposable
{
    private readonly StreamWriter? _acks = Open(acksFile);
    private readonly StreamWriter? _events = Open(eventsFile);
    private readonly Lock _lock = new();

    public void Create(string key, long? id)
    {
        lock (_lock)
        {
            _acks?.Write($"{key}\t{(id is { } value ? value.ToString() : "\\N")}\n");
        }
    }

    public void Event(string kind, string outcome)
    {
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        lock (_lock)
        {
            _events?.Write($"{at}\t{kind}\t{outcome}\n");
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _acks?.Dispose();
            _events?.Dispose();
        }
    }

    private static StreamWriter? Open(string? path) => path is null ? null : new StreamWriter(path, append: false);
}
