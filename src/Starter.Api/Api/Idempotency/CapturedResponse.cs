using Microsoft.AspNetCore.Http.Features;
using Starter.Models;

namespace Starter.Api.Idempotency;

/// <summary>
/// A response held in memory: an endpoint's result executed into a buffer, so it can be stored
/// before it is sent, and the same bytes written now or replayed later from its stored row.
/// </summary>
public sealed class CapturedResponse(int statusCode, string[] headers, byte[] body) : IResult
{
    public int StatusCode { get; } = statusCode;

    public string[] Headers { get; } = headers;

    public byte[] Body { get; } = body;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public static CapturedResponse From(IdempotencyRecord record) => new(record.StatusCode, record.Headers, record.Body);

    /// <summary>
    /// Executes <paramref name="result"/> into a buffer. Only headers set after
    /// <paramref name="headersBefore"/> was taken (the endpoint's own) are kept for a replay, and
    /// they are taken off the live response again: executing the capture writes them, once.
    /// </summary>
    public static async Task<CapturedResponse> CaptureAsync(HttpContext context, object? result, IReadOnlySet<string> headersBefore)
    {
        var response = context.Response;
        var bodyFeature = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            switch (result)
            {
                case IResult executable:
                    await executable.ExecuteAsync(context);
                    break;
                case not null:
                    await response.WriteAsJsonAsync(result, result.GetType(), context.RequestAborted);
                    break;
            }
        }
        finally
        {
            context.Features.Set(bodyFeature);
        }
        var added = response.Headers.Where(h => !headersBefore.Contains(h.Key)).ToArray();
        foreach (var header in added)
        {
            response.Headers.Remove(header.Key);
        }
        var headers = added
            .Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Select(value => $"{h.Key}: {value}"))
            .ToArray();
        return new CapturedResponse(response.StatusCode, headers, buffer.ToArray());
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var line in Headers)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            response.Headers.Append(line[..colon], line[(colon + 2)..]);
        }
        response.ContentLength = Body.Length;
        await response.Body.WriteAsync(Body, httpContext.RequestAborted);
    }
}
