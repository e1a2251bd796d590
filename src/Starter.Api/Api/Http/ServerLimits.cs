using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Starter.Core;

namespace Starter.Api.Http;

/// <summary>Server-level limits from settings: the request body limit (<c>MAX_REQUEST_BODY_BYTES</c>).</summary>
public static class ServerLimits
{
    public static IServiceCollection AddServerLimits(this IServiceCollection services)
    {
        // Kestrel enforces the body limit while reading, chunked bodies included.
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<HttpOptions>>((kestrel, http) => kestrel.Limits.MaxRequestBodySize = http.Value.MaxRequestBodyBytes);
        return services;
    }

    /// <summary>A declared Content-Length over the limit is refused before anything is read, on any server.</summary>
    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        var limit = app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.MaxRequestBodyBytes;
        app.Use((context, next) => context.Request.ContentLength > limit
            ? throw new Microsoft.AspNetCore.Http.BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge)
            : next(context));
        return app;
    }
}
