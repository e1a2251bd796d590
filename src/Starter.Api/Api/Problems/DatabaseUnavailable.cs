using Npgsql;

namespace Starter.Api.Problems;

/// <summary>
/// The one shape of "the database is away": a 503 problem that tells clients when to retry, and the
/// one test of whether a failure means that, used by the API's exception handler and by readiness alike.
/// </summary>
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

    /// <summary>
    /// True for failures that mean the server, or a pooler in front of it, cannot serve this app now,
    /// not that the query is wrong: whoever reports it (PostgreSQL, PgBouncer, the network).
    /// </summary>
    public static bool Caused(Exception exception) => exception switch
    {
        // What the server or pooler says, by SQLSTATE.
        PostgresException postgres => postgres.IsTransient || UnavailableState(postgres.SqlState),
        // What Npgsql says itself is about reaching the server: refused, reset, timed out, TLS,
        // a connection string it cannot log in with.
        NpgsqlException => true,
        TimeoutException => true,
        { InnerException: { } inner } => Caused(inner),
        _ => false,
    };

    /// <summary>
    /// SQLSTATEs that say "not now" rather than "not this query". Class 08 includes 08P01, which
    /// PgBouncer reports for all of its own refusals (server login failing, pool or client limits,
    /// query_wait_timeout); 57P01-57P05 are a server shutting down, starting up, or ending the session;
    /// class 53 is a server out of connections, memory or disk; 28 and 3D000 are a server that refuses
    /// this app's login or database (a deploy whose credentials or database are not there yet).
    /// </summary>
    private static bool UnavailableState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)
        || state.StartsWith("53", StringComparison.Ordinal)
        || state.StartsWith("57P", StringComparison.Ordinal)
        || state.StartsWith("28", StringComparison.Ordinal)
        || state == PostgresErrorCodes.InvalidCatalogName;
}
