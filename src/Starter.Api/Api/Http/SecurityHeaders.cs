using Microsoft.Extensions.Options;
using Starter.Api.Docs;
using Starter.Core;

namespace Starter.Api.Http;

/// <summary>
/// Headers that keep browsers from misusing API responses, on every response (errors included, so
/// they are added as the headers are sent). The docs pages get a policy that lets them run, and
/// endpoints marked <see cref="NoStoreMetadata"/> forbid caching.
/// HSTS and the HTTPS redirect only when <c>ENFORCE_HTTPS</c> says this process serves HTTPS.
/// </summary>
public static class SecurityHeaders
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    private const string DocsPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.EnforceHttps)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        // The state overload and a static callback: no closure to allocate per request.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(SetHeaders, context);
            // Read now: an error answer is written after the exception handler has cleared the endpoint.
            if (context.GetEndpoint()?.Metadata.GetMetadata<NoStoreMetadata>() is not null)
            {
                context.Response.OnStarting(SetNoStore, context);
            }
            return next(context);
        });
        return app;
    }

    private static Task SetHeaders(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        var path = context.Request.Path;
        headers.ContentSecurityPolicy = path.StartsWithSegments(ApiDocs.SwaggerUiPath) || path.StartsWithSegments(ApiDocs.RedocPath)
            ? DocsPolicy
            : ApiPolicy;
        return Task.CompletedTask;
    }

    private static Task SetNoStore(object state)
    {
        ((HttpContext)state).Response.Headers.CacheControl = NoStoreMetadata.Value;
        return Task.CompletedTask;
    }
}
