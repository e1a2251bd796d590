using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Starter.Core;

namespace Starter.Api.Http;

/// <summary>
/// <c>RATE_LIMIT_PER_MINUTE</c> requests per client IP (behind trusted proxies, the forwarded one),
/// then a 429 problem with Retry-After. Health probes are never limited. 0, the default, sets no
/// global limit; an endpoint can still name a stricter policy of its own.
/// </summary>
public static partial class RateLimiting
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<HttpOptions>>((options, http) =>
        {
            var perMinute = http.Value.RateLimitPerMinute;
            options.OnRejected = WriteProblemAsync;
            if (perMinute == 0)
            {
                return;
            }
            // Endpoints with DisableRateLimiting (the health probes) skip this limiter too.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) }));
        });
        return services;
    }

    public static WebApplication UseApiRateLimiting(this WebApplication app)
    {
        var http = app.Services.GetRequiredService<IOptions<HttpOptions>>().Value;
        if (http.RateLimitPerMinute > 0 && http.TrustedProxyList.Count == 0)
        {
            LogKeyedOnConnection(app.Logger, http.RateLimitPerMinute);
        }
        app.UseRateLimiter();
        return app;
    }

    [LoggerMessage(LogLevel.Warning, "RATE_LIMIT_PER_MINUTE={Limit} is keyed on the connection's address, as TRUSTED_PROXIES is not set: "
        + "behind a load balancer or reverse proxy every client shares its address and one limit. Set TRUSTED_PROXIES to the proxies' addresses.")]
    private static partial void LogKeyedOnConnection(ILogger logger, int limit);

    private static async ValueTask WriteProblemAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = "This client has sent more requests than allowed per minute. Retry after the time in Retry-After.",
            },
        });
    }
}
