namespace Starter.Tests.Infrastructure;

/// <summary>A clock a test moves by hand, to expire tokens without waiting for them.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
