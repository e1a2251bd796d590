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
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        if (status == StatusCodes.Status400BadRequest && context.ProblemDetails is not HttpValidationProblemDetails)
        {
            context = AsValidationProblem(context);
        }
        var problem = context.ProblemDetails;
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

    /// <summary>
    /// Every 400 is a validation problem, so a client reads one shape (and the document can say so).
    /// One about the request or its body as a whole (malformed JSON, no body, a broken chunked body
    /// the framework reports with a bare 400) names <c>$</c> in <c>errors</c>, as ASP.NET Core MVC does.
    /// </summary>
    private static ProblemDetailsContext AsValidationProblem(ProblemDetailsContext context)
    {
        var plain = context.ProblemDetails;
        var detail = plain.Detail ?? "The request could not be read: check its body and its parameters.";
        var validation = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["$"] = [detail] })
        {
            Status = plain.Status,
            Type = plain.Type,
            Detail = detail,
            Instance = plain.Instance,
        };
        // Its own title ("One or more validation errors occurred.") unless the problem had one.
        validation.Title = plain.Title ?? validation.Title;
        foreach (var (key, value) in plain.Extensions)
        {
            validation.Extensions[key] = value;
        }
        return new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = validation,
            Exception = context.Exception,
            AdditionalMetadata = context.AdditionalMetadata,
        };
    }
}
