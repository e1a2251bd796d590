using Npgsql;
using Starter.Api.Problems;

namespace Starter.Services;

/// <summary>
/// Answers whether the database is reachable, within a bound so a health probe never hangs, and not
/// before the start-up warm-up is done.
/// </summary>
public sealed partial class HealthService(NpgsqlDataSource dataSource, StartupWarmup warmup, ILogger<HealthService> logger)
{
    /// <summary>How long the database gets to answer before it counts as down.</summary>
    public static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(2);

    public async Task<bool> DatabaseAnswersAsync(CancellationToken ct)
    {
        await warmup.Completion.WaitAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DatabaseTimeout);
        try
        {
            // Npgsql does not cancel a connection attempt stuck in its start-up handshake, so the
            // wait is bounded here as well (on the same timer); an abandoned probe ends at the
            // connect timeout.
            await SelectOneAsync(timeout.Token).WaitAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (DatabaseUnavailable.Caused(e) || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            LogDatabaseDown(logger, e.GetType().Name, e.Message);
            return false;
        }
    }

    private async Task SelectOneAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(ct);
    }

    [LoggerMessage(LogLevel.Warning, "Health check: the database did not answer ({ErrorType}: {ErrorMessage})")]
    private static partial void LogDatabaseDown(ILogger logger, string errorType, string errorMessage);
}
