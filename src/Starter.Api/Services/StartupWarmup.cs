using Npgsql;
using Starter.Db;

namespace Starter.Services;

/// <summary>
/// Builds EF Core's model, opens the first pooled connection and runs the hot queries once (each
/// <see cref="IWarmUp"/> service's reads that find nothing), so a new instance's first requests do
/// not pay for that. It runs beside the rest of start-up (the key ring, Kestrel) and readiness waits
/// for it (<see cref="HealthService"/>):
/// a balancer sends traffic once it is done. Bounded like the health check: with the database away it
/// gives up, and the app answers 503 until the database returns.
/// </summary>
public sealed partial class StartupWarmup(IServiceScopeFactory scopes, ILogger<StartupWarmup> logger) : IHostedService
{
    /// <summary>Completes when the warm-up has run or given up; it never fails.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Completion = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Completion.WaitAsync(cancellationToken);

    private async Task RunAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            _ = scope.ServiceProvider.GetRequiredService<AppDbContext>().Model;
            // The bound is the database's, as the health check's is: the model above needs none.
            using var timeout = new CancellationTokenSource(HealthService.DatabaseTimeout);
            await RunQueriesAsync(scope.ServiceProvider, timeout.Token).WaitAsync(timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            LogSkipped(logger, e.GetType().Name, e.Message);
        }
        catch (Exception e)
        {
            // A bug here must not keep readiness from ever answering; it still shows in the log.
            LogFailed(logger, e);
        }
    }

    private static async Task RunQueriesAsync(IServiceProvider services, CancellationToken ct)
    {
        var warmUps = services.GetServices<IWarmUp>().ToList();
        foreach (var warmUp in warmUps)
        {
            await warmUp.WarmUpAsync(ct);
        }
        if (warmUps.Count == 0)
        {
            // No hot query yet: the first pooled connection, at least.
            await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Start-up warm-up skipped: the database did not answer ({ErrorType}: {ErrorMessage})")]
    private static partial void LogSkipped(ILogger logger, string errorType, string errorMessage);

    [LoggerMessage(LogLevel.Error, "Start-up warm-up failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
