using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Starter.Api.Http;

/// <summary>
/// Request bodies are JSON in UTF-8 (RFC 8259), sent as they are. A charset other than UTF-8 or a
/// <c>Content-Encoding</c> (gzip, br, …) is refused with a 415 problem, rather than read wrongly or
/// failing as a 500 inside the JSON reader. <c>charset="utf-8"</c>, quoted as HTTP allows, is read.
/// </summary>
public static class RequestBodyEncoding
{
    private const string JsonUtf8 = "application/json; charset=utf-8";

    public static WebApplication UseRequestBodyEncoding(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (request.Headers.ContentEncoding.Count > 0 && HasBody(context) && !IsIdentity(request.Headers.ContentEncoding))
            {
                context.Response.Headers.AcceptEncoding = "identity";
                return Refuse(context, "Request bodies are read as sent: send the body without Content-Encoding.");
            }
            // Most bodies come without a charset or as HttpClient sends them: nothing to parse.
            if (request.ContentType is not { } type
                || type.Equals(JsonUtf8, StringComparison.OrdinalIgnoreCase)
                || !type.Contains("charset", StringComparison.OrdinalIgnoreCase)
                || !MediaTypeHeaderValue.TryParse(type, out var media)
                || !media.Charset.HasValue)
            {
                return next(context);
            }
            var charset = HeaderUtilities.RemoveQuotes(media.Charset);
            if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            {
                return Refuse(context, "Request bodies are read as UTF-8 JSON: send charset=utf-8, or no charset.");
            }
            if (charset.Length != media.Charset.Length)
            {
                // The JSON reader looks the charset up as written, quotes included.
                request.ContentType = $"{media.MediaType}; charset=utf-8";
            }
            return next(context);
        });
        return app;
    }

    private static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
        ?? context.Request.ContentLength > 0;

    private static bool IsIdentity(StringValues codings) =>
        codings.SelectMany(c => (c ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .All(c => c.Equals("identity", StringComparison.OrdinalIgnoreCase));

    private static Task Refuse(HttpContext context, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType).ExecuteAsync(context);
}
