using Microsoft.Extensions.Options;
using Starter.Core;

namespace Starter.Api.Http;

/// <summary>
/// Graceful drain (<c>SHUTDOWN_DRAIN_SECONDS</c>, then <c>SHUTDOWN_TIMEOUT_SECONDS</c>). On SIGTERM,
/// readiness answers 503 at once, yet the server keeps accepting and serving for the drain delay: a
/// balancer's view of the instance lags (Kubernetes endpoints always do), and requests it still
/// routes here must not meet a closed port. Then Kestrel stops accepting and in-flight requests get
/// the shutdown timeout to finish.
/// </summary>
public sealed partial class ShutdownDrain(IHostApplicationLifetime lifetime, IOptions<AppOptions> options, ILogger<ShutdownDrain> logger)
    : IHostedLifecycleService
{
    /// <summary>True from the stop signal on: readiness fails.</summary>
    public bool Draining => lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>
    /// True while draining with a delay: responses then close their connection. Without a delay,
    /// Kestrel closes idle keep-alive connections itself as it stops, and new connections would only
    /// race the listener's close.
    /// </summary>
    public bool ClosingConnections => Draining && options.Value.ShutdownDrainSeconds > 0;

    /// <summary>Readiness's answer while draining.</summary>
    public static ProblemHttpResult Problem(HttpResponse response)
    {
        // A balancer probes again on its own schedule; a client is better served by another instance.
        response.Headers.RetryAfter = "1";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Shutting down",
            detail: "This instance is draining before it stops. Send requests to another instance.");
    }

    /// <summary>
    /// Runs after <see cref="IHostApplicationLifetime.ApplicationStopping"/> and before any hosted
    /// service stops, the server included, so the delay is spent serving.
    /// </summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(options.Value.ShutdownDrainSeconds);
        if (delay <= TimeSpan.Zero)
        {
            return;
        }
        LogDraining(logger, delay.TotalSeconds);
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out first; stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Draining: readiness answers 503; serving for {Seconds} s more before the server stops accepting")]
    private static partial void LogDraining(ILogger logger, double seconds);
}

public static class ShutdownDrainRegistration
{
    public static IServiceCollection AddShutdownDrain(this IServiceCollection services)
    {
        services.AddSingleton<ShutdownDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());
        // The host's stop budget covers the drain and then the in-flight requests.
        services.AddOptions<HostOptions>()
            .Configure<IOptions<AppOptions>>((host, app) =>
                host.ShutdownTimeout = TimeSpan.FromSeconds(app.Value.ShutdownDrainSeconds + app.Value.ShutdownTimeoutSeconds));
        return services;
    }

    /// <summary>
    /// While draining, each response closes its connection, so keep-alive clients (a proxy's upstream
    /// pool) reconnect, to another instance, instead of reusing one that is about to close.
    /// </summary>
    public static WebApplication UseShutdownDrain(this WebApplication app)
    {
        var drain = app.Services.GetRequiredService<ShutdownDrain>();
        app.Use((context, next) =>
        {
            if (drain.ClosingConnections)
            {
                context.Response.Headers.Connection = "close";
            }
            return next(context);
        });
        return app;
    }
}
