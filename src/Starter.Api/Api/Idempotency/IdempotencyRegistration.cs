using Starter.Api.Docs;

namespace Starter.Api.Idempotency;

/// <summary>Marks an endpoint as honouring <c>Idempotency-Key</c>, for the filter and for the document.</summary>
public sealed record IdempotencyKeyMetadata;

public static class IdempotencyRegistration
{
    /// <summary>
    /// The endpoint honours <c>Idempotency-Key</c> (for a POST that creates). Its handler must not
    /// open a transaction of its own: it runs inside the filter's.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder endpoint) =>
        endpoint
            .AddEndpointFilter<IdempotencyFilter>()
            .WithMetadata(new IdempotencyKeyMetadata())
            .ProducesConflict()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            // Not with an endpoint's own 409s (a value taken), which the same declaration covers.
            .WithResponseHeader(StatusCodes.Status409Conflict, "Retry-After",
                "Sent with the 409 for an Idempotency-Key whose first request is still running: seconds to wait before retrying.", required: false);
}
