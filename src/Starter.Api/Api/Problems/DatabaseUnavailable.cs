using Npgsql;

namespace Starter.Api.Problems;

/// <summary>The one shape of "the database is away": a 503 problem that tells clients when to retry.</summary>
public static class DatabaseUnavailable
{
    public const int RetryAfterSeconds = 5;
    public const string Title = "Database unavailable";
    public const string Detail = "The database did not answer in time. Try again shortly.";

    public static ProblemHttpResult Problem(HttpResponse response)
    {
        response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: Title, detail: Detail);
    }

    /// <summary>True for failures that mean the server is unreachable or overloaded, not that the query is wrong.</summary>
    public static bool Caused(Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } => true,
        TimeoutException => true,
        { InnerException: { } inner } => Caused(inner),
        _ => false,
    };
}
