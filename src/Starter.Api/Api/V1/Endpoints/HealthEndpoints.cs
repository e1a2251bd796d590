using Starter.Api.Docs;
using Starter.Api.Http;
using Starter.Api.Problems;
using Starter.Schemas;
using Starter.Services;

namespace Starter.Api.V1.Endpoints;

public static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealth(this RouteGroupBuilder v1)
    {
        // Probes are never rate limited: an orchestrator must always get an answer.
        var health = v1.MapGroup("/health")
            .WithTag("Health", "Liveness and readiness probes for orchestrators and load balancers.")
            .DisableRateLimiting();
        health.MapGet("/live", GetLiveness).WithName(nameof(GetLiveness));
        health.MapGet("/", GetHealth).WithName(nameof(GetHealth))
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    /// <summary>Liveness: the process is up and serving. Never touches the database.</summary>
    /// <remarks>For an orchestrator's liveness probe: a database outage must not get the process restarted.</remarks>
    public static Ok<LivenessRead> GetLiveness() => TypedResults.Ok(LivenessRead.Ok);

    /// <summary>Readiness: runs a query against the database.</summary>
    /// <remarks>
    /// 200 when the database answers within 2 seconds, else a 503 problem with Retry-After. Also 503
    /// from the moment the process is told to stop, while it drains (SHUTDOWN_DRAIN_SECONDS).
    /// </remarks>
    public static async Task<Results<Ok<HealthRead>, ProblemHttpResult>> GetHealth(
        HealthService health, ShutdownDrain drain, HttpResponse response, CancellationToken ct)
    {
        if (drain.Draining)
        {
            return ShutdownDrain.Problem(response);
        }
        var answers = await health.DatabaseAnswersAsync(ct);
        return answers ? TypedResults.Ok(new HealthRead("ok", "ok")) : DatabaseUnavailable.Problem(response);
    }
}
