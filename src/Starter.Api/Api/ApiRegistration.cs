using System.Text.Json.Serialization;
using Starter.Api.V1;

namespace Starter.Api;

/// <summary>The HTTP surface: problem details, docs, the root and every API version.</summary>
public static class ApiRegistration
{
    public static IServiceCollection AddApi(this IServiceCollection services) =>
        services
            .AddApiProblemDetails()
            .AddApiDocs()
            .AddRequestBodyLimit()
            .AddValidation()
            // A misspelt field is an error, not a silently ignored no-op.
            .ConfigureHttpJsonOptions(options =>
                options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow);

    public static WebApplication MapApi(this WebApplication app)
    {
        app.UseApiProblemDetails();
        app.UseRequestBodyLimit();
        app.UseApiDocs();
        app.MapRoot();
        app.MapV1();
        return app;
    }
}
