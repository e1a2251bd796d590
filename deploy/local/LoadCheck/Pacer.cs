using System.Diagnostics;

namespace Starter.Deploy.LoadCheck;

/// <summary>
/// Spaces requests evenly at one total rate across every worker, retries included: the load stays
/// under nginx's per-client limit (50 r/s) and leaves the instances most of a 2-core machine.
/// </summary>
public sealed class Pacer(double perSecond)
{
    private readonly long _interval = (long)(Stopwatch.Frequency / perSecond);
    private readonly Lock _lock = new();
    private long _next = Stopwatch.GetTimestamp();

    /// <summary>Waits for this caller's slot. An idle spell earns no burst: slots start from now.</summary>
    public Task WaitAsync(CancellationToken ct)
    {
        long slot;
        lock (_lock)
        {
            slot = Math.Max(_next, Stopwatch.GetTimestamp());
            _next = slot + _interval;
        }
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), slot);
        return wait > TimeSpan.Zero ? Task.Delay(wait, ct) : Task.CompletedTask;
    }
}
