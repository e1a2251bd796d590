using System.Text.Json;

namespace Starter.Api.Problems;

/// <summary>
/// Requests the framework could not bind (malformed JSON, a wrong type, an id that is not a number,
/// a body over the limit) become 4xx problems that say what was wrong, never a 500.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = bad.StatusCode, Detail = Describe(bad) },
        });
    }

    private static string Describe(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException { Path: { Length: > 1 } path } => $"The request body is not valid here: check the value at '{path}'.",
        JsonException => "The request body is not valid JSON.",
        _ when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => "The request body is larger than this API accepts.",
        _ => bad.Message,
    };
}
