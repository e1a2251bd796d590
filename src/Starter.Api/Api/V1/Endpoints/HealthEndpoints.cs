using Starter.Schemas;
using Starter.Services;

namespace Starter.Api.V1.Endpoints;

public static class HealthEndpoints
{
    public static RouteGroupBuilder MapHealth(this RouteGroupBuilder v1)
    {
        v1.MapGet("/health", GetHealth)
            .WithName(nameof(GetHealth))
            .WithTags("Health")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    /// <summary>Readiness: runs a query against the database.</summary>
    /// <remarks>200 when the database answers within 2 seconds, else a 503 problem with Retry-After.</remarks>
    public static async Task<Results<Ok<HealthRead>, ProblemHttpResult>> GetHealth(
        HealthService health, HttpResponse response, CancellationToken ct) =>
        await health.DatabaseAnswersAsync(ct)
            ? TypedResults.Ok(new HealthRead("ok", "ok"))
            : DatabaseUnavailable.Problem(response);
}
