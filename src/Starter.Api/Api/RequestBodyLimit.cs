using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Starter.Core;

namespace Starter.Api;

/// <summary>
/// One body-size limit, <c>MAX_REQUEST_BODY_BYTES</c>: Kestrel enforces it while reading (chunked
/// bodies included), and a declared Content-Length over it is refused before anything is read.
/// </summary>
public static class RequestBodyLimit
{
    public static IServiceCollection AddRequestBodyLimit(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<HttpOptions>>((kestrel, http) => kestrel.Limits.MaxRequestBodySize = http.Value.MaxRequestBodyBytes);
        return services;
    }

    public static WebApplication UseRequestBodyLimit(this WebApplication app)
    {
        var limit = app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.MaxRequestBodyBytes;
        app.Use((context, next) => context.Request.ContentLength > limit
            ? throw new Microsoft.AspNetCore.Http.BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge)
            : next(context));
        return app;
    }
}
