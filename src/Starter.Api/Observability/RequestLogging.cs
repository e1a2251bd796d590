using System.Diagnostics;

namespace Starter.Observability;

/// <summary>
/// One structured line per request: method, route template, status, duration and trace id. Never
/// the body, the query string or headers, so no secret or personal data reaches the logs this way.
/// </summary>
public static partial class RequestLogging
{
    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Starter.Requests");
        app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                // The template (/api/v1/items/{id}), not the path, keeps ids out and lines groupable.
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                var traceId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
                LogRequest(logger, context.Request.Method, route, context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, traceId);
            }
        });
        return app;
    }

    [LoggerMessage(LogLevel.Information, "{Method} {Route} {StatusCode} in {DurationMs:0.0} ms (trace {TraceId})")]
    private static partial void LogRequest(ILogger logger, string method, string route, int statusCode, double durationMs, string traceId);
}
