using System.Diagnostics;

namespace Starter.Observability;

/// <summary>
/// One structured line per request: method, route template (or, when no route matched, the path),
/// status, duration and trace id. Never the body, the query string or headers, so no secret or
/// personal data reaches the logs this way.
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
                var route = Route(context);
                var traceId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
                LogRequest(logger, context.Request.Method, route, context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, traceId);
            }
        });
        return app;
    }

    /// <summary>
    /// The route template (/api/v1/items/{id}), not the path: it keeps ids out and lines groupable.
    /// After an exception the handler has cleared the endpoint, so it is read from what it kept; a
    /// request no route matched is named by its path (shortened).
    /// </summary>
    private static string Route(HttpContext context)
    {
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        if (endpoint is RouteEndpoint { RoutePattern.RawText: { } template })
        {
            // A group's "/" leaves a trailing slash in the route pattern (/api/v1/items/).
            return template.Length > 1 && template[^1] == '/' ? template[..^1] : template;
        }
        var path = context.Request.Path.Value ?? "/";
        return path.Length <= MaxPathLength ? path : path[..MaxPathLength] + "…";
    }

    private const int MaxPathLength = 100;

    [LoggerMessage(LogLevel.Information, "{Method} {Route} {StatusCode} in {DurationMs:0.0} ms (trace {TraceId})")]
    private static partial void LogRequest(ILogger logger, string method, string route, int statusCode, double durationMs, string traceId);
}
