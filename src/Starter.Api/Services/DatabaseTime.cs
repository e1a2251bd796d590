namespace Starter.Services;

public static class DatabaseTime
{
    /// <summary>The clock at PostgreSQL's microsecond precision, so a write answers what a later read returns.</summary>
    public static DateTimeOffset GetDatabaseNow(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    }
}
