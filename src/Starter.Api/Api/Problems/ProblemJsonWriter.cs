using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Starter.Api.Problems;

/// <summary>
/// Writes every problem as <c>application/problem+json</c>, whatever the request's <c>Accept</c> says.
/// The framework's writer declines a client that accepts only, say, <c>text/html</c>, and the error
/// then leaves as an empty body or plain text. This API speaks JSON only, and RFC 9110 (12.5.1) lets
/// a server answer with a type the client did not ask for rather than hide what went wrong.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ?? http.Response.StatusCode;
        // The framework's own defaults for this status (the RFC 9110 section as type, the reason as title).
        var defaults = TypedResults.Problem(statusCode: status).ProblemDetails;
        problem.Status = status;
        problem.Type ??= defaults.Type;
        problem.Title ??= defaults.Title ?? ReasonPhrases.GetReasonPhrase(status);
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(
            problem, json.Value.SerializerOptions.GetTypeInfo(problem.GetType()), "application/problem+json", http.RequestAborted));
    }
}
