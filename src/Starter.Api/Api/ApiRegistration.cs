using System.Text.Json.Serialization;
using Starter.Api.Docs;
using Starter.Api.Http;
using Starter.Api.Problems;
using Starter.Api.V1;
//#if (IncludeAuth)
using Starter.Auth;
//#endif
using Starter.Observability;

namespace Starter.Api;

/// <summary>The HTTP surface: problem details, docs, the root and every API version.</summary>
public static class ApiRegistration
{
    public static IServiceCollection AddApi(this IServiceCollection services) =>
        services
            .AddApiProblemDetails()
            .AddApiDocs()
            .AddServerLimits()
            .AddShutdownDrain()
            .AddForwardedHeaders()
            .AddApiCors()
            .AddApiRateLimiting()
            .AddValidation()
            .ConfigureHttpJsonOptions(options =>
            {
                // A misspelt field is an error, not a silently ignored no-op; a field sent twice is
                // ambiguous, not "the last one wins"; a number is a JSON number, not a string.
                options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
                options.SerializerOptions.AllowDuplicateProperties = false;
                options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
                // null only where a schema's nullable annotations allow it (string? vs string, [DisallowNull]).
                options.SerializerOptions.RespectNullableAnnotations = true;
                options.SerializerOptions.Converters.Add(new PostgresTextConverter());
                options.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonContext.Default);
            });

    public static WebApplication MapApi(this WebApplication app)
    {
        app.UseTrustedForwardedHeaders();
        app.UseRequestLogging();
        app.UseShutdownDrain();
        app.UseApiProblemDetails();
        app.UseSecurityHeaders();
        app.UseApiCors();
        //#if (IncludeAuth)
        app.UseAuth();
        //#endif
        app.UseApiRateLimiting();
        app.UseRequestBodyLimit();
        app.UseRequestBodyEncoding();
        app.UseQueryTextRules();
        app.UseApiDocs();
        var api = app.MapGroup("").AnswerHeadLikeGet().WithStandardResponses();
        api.MapRoot();
        api.MapV1();
        return app;
    }
}
