using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Starter.Api.Http;

namespace Starter.Api.Docs;

/// <summary>A header that one response of an endpoint carries, for the document.</summary>
/// <param name="Required">False for a header sent with some answers of that status only.</param>
public sealed record ResponseHeaderMetadata(int StatusCode, string Name, string Description, bool Required = true);

/// <summary>
/// Documents response headers: those an endpoint declares with <c>WithResponseHeader</c>
/// (<c>Location</c>, <c>ETag</c>), <c>Retry-After</c> on every 429 and 503, and
/// <c>WWW-Authenticate</c> on every 401, and <c>Cache-Control</c> on every answer of a no-store endpoint.
/// </summary>
public sealed class ResponseHeaders : IOpenApiOperationTransformer
{
    public const string RetryAfterDescription = "Seconds to wait before trying again.";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var header in context.Description.ActionDescriptor.EndpointMetadata.OfType<ResponseHeaderMetadata>())
        {
            Add(operation, header.StatusCode, header.Name, SchemaOf(header.Name), header.Description, header.Required);
        }
        foreach (var status in new[] { StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable })
        {
            Add(operation, status, "Retry-After", SchemaOf("Retry-After"), RetryAfterDescription);
        }
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<NoStoreMetadata>().Any())
        {
            foreach (var (status, response) in operation.Responses ?? [])
            {
                if (response is not OpenApiResponse inline)
                {
                    continue;
                }
                // Routing answers a Content-Type that no endpoint accepts before it picks one: that 415
                // comes without the endpoint's headers (it carries nothing to keep from a cache).
                Add(inline, "Cache-Control", SchemaOf("Cache-Control"), NoStoreMetadata.Description,
                    required: status != StatusCodes.Status415UnsupportedMediaType.ToString());
            }
        }
        Add(operation, StatusCodes.Status401Unauthorized, "WWW-Authenticate", new OpenApiSchema { Type = JsonSchemaType.String },
            "The scheme to authenticate with: Bearer.");
        return Task.CompletedTask;
    }

    /// <summary>This API's <c>Retry-After</c> is always a number of seconds; other headers are text.</summary>
    private static OpenApiSchema SchemaOf(string header) => header == "Retry-After"
        ? new() { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0" }
        : new() { Type = JsonSchemaType.String };

    private static void Add(OpenApiOperation operation, int status, string name, OpenApiSchema schema, string description, bool required = true)
    {
        if (operation.Responses?.GetValueOrDefault(status.ToString()) is OpenApiResponse response)
        {
            Add(response, name, schema, description, required);
        }
    }

    private static void Add(OpenApiResponse response, string name, OpenApiSchema schema, string description, bool required = true)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Required = required, Schema = schema };
    }
}

public static class ResponseHeaderExtensions
{
    /// <summary>
    /// Documents that the response with <paramref name="statusCode"/> carries the header
    /// <paramref name="name"/>: always, or (<paramref name="required"/> false) with some answers of that status.
    /// </summary>
    public static TBuilder WithResponseHeader<TBuilder>(this TBuilder builder, int statusCode, string name, string description, bool required = true)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ResponseHeaderMetadata(statusCode, name, description, required));
}
