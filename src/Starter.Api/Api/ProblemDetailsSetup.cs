namespace Starter.Api;

/// <summary>Every error leaves as an RFC 9457 problem; exception text only in Development.</summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var request = context.HttpContext.Request;
            context.ProblemDetails.Instance ??= $"{request.Method} {request.Path}";
            if (context.Exception is { } exception
                && context.ProblemDetails.Status == StatusCodes.Status500InternalServerError
                && context.HttpContext.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment())
            {
                context.ProblemDetails.Detail = exception.ToString();
            }
        });
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        return services;
    }

    /// <summary>Unhandled exceptions and bodiless error statuses (404, 405, …) both become problems.</summary>
    public static WebApplication UseApiProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
