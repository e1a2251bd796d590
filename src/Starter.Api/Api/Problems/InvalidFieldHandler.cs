using Starter.Services;

namespace Starter.Api.Problems;

/// <summary>A service's <see cref="InvalidFieldException"/> becomes a 400 validation problem naming the field.</summary>
public sealed class InvalidFieldHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not InvalidFieldException invalid)
        {
            return false;
        }
        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Problem] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = "A value refers to a row that does not exist.",
        };
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }
}
