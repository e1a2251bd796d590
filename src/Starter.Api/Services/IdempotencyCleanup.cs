using Microsoft.EntityFrameworkCore;
using Starter.Db;

namespace Starter.Services;

/// <summary>
/// Deletes expired <c>Idempotency-Key</c> records every hour. Every instance runs it; the delete is
/// the same whoever runs it, so they need no coordination. Expired rows found before then are
/// treated as absent anyway.
/// </summary>
public sealed partial class IdempotencyCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotencyCleanup> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Deletes the records expired by now; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        return await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                LogDeleted(logger, await DeleteExpiredAsync(stoppingToken));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Housekeeping never stops the host: an outage, a schema not migrated yet or a
                // read-only server after a failover only skips this hour.
                LogSkipped(logger, e.GetType().Name, e.Message);
            }
        }
    }

    [LoggerMessage(LogLevel.Debug, "Deleted {Count} expired idempotency keys")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Expired idempotency keys not deleted this hour ({ErrorType}: {ErrorMessage})")]
    private static partial void LogSkipped(ILogger logger, string errorType, string errorMessage);
}
