namespace Starter.Api.Docs;

/// <summary>
/// The document's shape of every 409 this API sends, never built: a problem, with <c>errors</c> when
/// a value is taken (a unique constraint) and without when the conflict is with the request's own
/// state (an <c>Idempotency-Key</c> still in use, a row still referred to). One shape, so that an
/// operation with several kinds of 409 declares each truthfully.
/// </summary>
public sealed class ConflictProblem : HttpValidationProblemDetails;

public static class ConflictResponses
{
    /// <summary>
    /// Documents the endpoint's 409s: a value taken (a unique index or key), a row still referred to
    /// (a delete), the same <c>Idempotency-Key</c> in use.
    /// </summary>
    public static TBuilder ProducesConflict<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status409Conflict, typeof(ConflictProblem), ["application/problem+json"]));
}
