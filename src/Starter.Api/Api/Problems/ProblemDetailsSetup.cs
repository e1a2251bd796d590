using System.Text.Json;

namespace Starter.Api.Problems;

/// <summary>Every error leaves as an RFC 9457 problem; exception text only in Development.</summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        // Registered before AddProblemDetails adds the framework's writer, so it is the one used.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var request = context.HttpContext.Request;
            context.ProblemDetails.Instance ??= $"{request.Method} {request.Path}";
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                // Name fields as clients send them ("title"), not as C# spells them ("Title"); a
                // header keeps its own spelling ("Idempotency-Key"). Messages in the API's words.
                validation.Errors = validation.Errors.ToDictionary(e => JsonName(e.Key), e => e.Value.Select(ValidationMessages.Rewrite).ToArray());
            }
            if (context.Exception is { } exception
                && context.ProblemDetails.Status == StatusCodes.Status500InternalServerError
                && context.HttpContext.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment())
            {
                context.ProblemDetails.Detail = exception.ToString();
            }
        });
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddExceptionHandler<ConstraintViolationHandler>();
        services.AddExceptionHandler<InvalidFieldHandler>();
        // Binding failures are thrown (not just logged) so BadRequestHandler can say what was wrong.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    private static string JsonName(string memberPath) =>
        memberPath.Contains('-') ? memberPath : string.Join('.', memberPath.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));

    /// <summary>Unhandled exceptions and bodiless error statuses (404, 405, …) both become problems.</summary>
    public static WebApplication UseApiProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
