using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Starter.Api.Http;
using Starter.Core;

namespace Starter.Api.Docs;

/// <summary>The built-in OpenAPI 3.1 document, with Swagger UI at /docs and ReDoc at /redoc over it.</summary>
public static partial class ApiDocs
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string SwaggerUiPath = "/docs";
    public const string RedocPath = "/redoc";

    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            var include = options.ShouldInclude;
            // HEAD is answered wherever GET is (HeadRequests); HTTP implies it, so it is not listed twice.
            options.ShouldInclude = description => description.HttpMethod != HttpMethods.Head && include(description);
            options.AddDocumentTransformer<DocumentInfo>();
            //#if (IncludeAuth)
            options.AddDocumentTransformer<BearerSecurityScheme>();
            options.AddOperationTransformer<IdentityOperations>();
            options.AddSchemaTransformer<IdentitySchemas>();
            //#endif
            options.AddSchemaTransformer<TextSchemas>();
            options.AddSchemaTransformer<ProblemSchemas>();
            options.AddSchemaTransformer<ReferenceSchemas>();
            options.AddSchemaTransformer<NotNullSchemas>();
            options.AddSchemaTransformer<ExampleSchemas>();
            options.AddOperationTransformer<ResponseHeaders>();
            options.AddOperationTransformer<OperationSecurity>();
            options.AddOperationTransformer<HiddenParametersTransformer>();
            options.AddOperationTransformer<IdempotencyDocs>();
        });

    public static WebApplication UseApiDocs(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AppOptions>>().Value;
        if (!options.DocsEnabled)
        {
            return app;
        }
        var name = options.Name;
        // The one document by its own path: any other name is an ordinary 404 problem.
        app.MapOpenApi(DocumentPath).AnswerHeadLikeGet();
        // Branched off by path: API requests never pass through the UIs' static-file middleware.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(SwaggerUiPath), docs => docs.UseSwaggerUI(swagger =>
        {
            swagger.RoutePrefix = SwaggerUiPath.TrimStart('/');
            swagger.SwaggerEndpoint(DocumentPath, name);
            swagger.DocumentTitle = $"{name} - Swagger UI";
        }));
        app.UseWhen(context => context.Request.Path.StartsWithSegments(RedocPath), docs => docs
            .UseRedocScriptWithoutOutsideLogo(RedocPath)
            .UseReDoc(redoc =>
            {
                redoc.RoutePrefix = RedocPath.TrimStart('/');
                redoc.SpecUrl = DocumentPath;
                redoc.DocumentTitle = $"{name} - ReDoc";
                redoc.IndexStream = RedocPage.Index;
            }));
        app.Lifetime.ApplicationStarted.Register(() => LogUrls(app));
        return app;
    }

    /// <summary>Says where to click once Kestrel has its addresses (the test server has none).</summary>
    private static void LogUrls(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            var root = address.TrimEnd('/');
            LogDocs(app.Logger, root, root + SwaggerUiPath, root + RedocPath);
        }
    }

    [LoggerMessage(LogLevel.Information, "API at {Root}, Swagger UI at {SwaggerUi}, ReDoc at {Redoc}")]
    private static partial void LogDocs(ILogger logger, string root, string swaggerUi, string redoc);
}
