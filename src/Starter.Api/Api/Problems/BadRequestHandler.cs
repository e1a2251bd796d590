namespace Starter.Api.Problems;

/// <summary>
/// Requests the framework could not bind (malformed JSON, a wrong type, an id that is not a number,
/// no body, a body over the limit) become 4xx problems that say what was wrong, never a 500.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var problem = BindingFailure.Describe(bad);
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }
}
