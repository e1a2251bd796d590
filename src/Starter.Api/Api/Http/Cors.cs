using Microsoft.Extensions.Options;
using Starter.Core;

namespace Starter.Api.Http;

/// <summary>Cross-origin browser calls from the origins in <c>CORS_ORIGINS</c> only; none when it is empty.</summary>
public static class Cors
{
    public static IServiceCollection AddApiCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<HttpOptions>>((cors, http) => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. http.Value.CorsOriginList])
                .AllowAnyHeader()
                .AllowAnyMethod()
                // Clients need these to follow a create and to send If-Match.
                .WithExposedHeaders("ETag", "Location", "Retry-After")));
        return services;
    }

    public static WebApplication UseApiCors(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<HttpOptions>>().Value.CorsOriginList.Count > 0)
        {
            app.UseCors();
        }
        return app;
    }
}
