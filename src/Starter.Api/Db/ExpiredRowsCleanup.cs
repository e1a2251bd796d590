using Microsoft.EntityFrameworkCore;

namespace Starter.Db;

/// <summary>Rows of one table that serve no purpose once expired, and the delete that removes them.</summary>
/// <param name="Name">What the rows are, for the log ("idempotency keys").</param>
public sealed record ExpiringRows(string Name, Func<AppDbContext, DateTimeOffset, CancellationToken, Task<int>> DeleteExpiredAsync);

/// <summary>
/// Deletes the expired rows of every registered <see cref="ExpiringRows"/> every hour. Every instance
/// runs it; the delete is the same whoever runs it, so they need no coordination. Expired rows found
/// before then are treated as absent anyway.
/// </summary>
public sealed partial class ExpiredRowsCleanup(
    IEnumerable<ExpiringRows> tables, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ExpiredRowsCleanup> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Deletes the rows expired by now, table by table; returns how many in all.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken ct)
    {
        var deleted = 0;
        foreach (var table in tables)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var count = await table.DeleteExpiredAsync(db, clock.GetUtcNow(), ct);
            LogDeleted(logger, count, table.Name);
            deleted += count;
        }
        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await DeleteExpiredAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Housekeeping never stops the host: an outage, a schema not migrated yet or a
                // read-only server after a failover only skips this hour.
                LogSkipped(logger, e.GetType().Name, e.Message);
            }
        }
    }

    [LoggerMessage(LogLevel.Debug, "Deleted {Count} expired {Rows}")]
    private static partial void LogDeleted(ILogger logger, int count, string rows);

    [LoggerMessage(LogLevel.Warning, "Expired rows not deleted this hour ({ErrorType}: {ErrorMessage})")]
    private static partial void LogSkipped(ILogger logger, string errorType, string errorMessage);
}
