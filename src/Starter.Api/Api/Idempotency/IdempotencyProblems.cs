namespace Starter.Api.Idempotency;

/// <summary>The two answers that only a request with an <c>Idempotency-Key</c> can get.</summary>
public static class IdempotencyProblems
{
    /// <summary>Seconds a client should wait before retrying a request whose first attempt still runs.</summary>
    public const int RetryAfterSeconds = 1;

    public static ProblemHttpResult InFlight(HttpResponse response)
    {
        response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Request in progress",
            detail: "A request with this Idempotency-Key is still being processed. Retry after Retry-After to get its outcome.");
    }

    public static ProblemHttpResult Mismatch() => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "Idempotency-Key reused",
        detail: "This Idempotency-Key was sent with a different request. Use a new key for a new request.");
}
