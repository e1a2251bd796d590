using Microsoft.Extensions.Options;
using Starter.Api.Docs;
using Starter.Api.V1;
using Starter.Core;
using Starter.Schemas;

namespace Starter.Api;

/// <summary>The app root: what this service is and where to read about it.</summary>
public static class RootEndpoints
{
    public static IEndpointRouteBuilder MapRoot(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", GetAppInfo).WithName(nameof(GetAppInfo))
            .WithTag("Root", "What this service is, and where its documentation and health check are.");
        return app;
    }

    /// <summary>Name, version and links to the documentation.</summary>
    /// <remarks>The documentation links are null when DOCS_ENABLED is off.</remarks>
    public static Ok<AppInfoRead> GetAppInfo(IOptions<AppOptions> options)
    {
        var docs = options.Value.DocsEnabled;
        return TypedResults.Ok(new AppInfoRead(
            options.Value.Name,
            AppVersion.Current,
            new AppLinks(
                docs ? ApiDocs.SwaggerUiPath : null,
                docs ? ApiDocs.RedocPath : null,
                docs ? ApiDocs.DocumentPath : null,
                V1Routes.Prefix + "/health")));
    }
}
