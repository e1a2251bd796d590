using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.RateLimiting;

namespace Starter.Api.Docs;

/// <summary>
/// The error answers the API's shared plumbing can give on any route, added to each endpoint's
/// metadata so the document lists them beside its own: 400 (a query value the binder or
/// <c>QueryText</c> refuses), 401 where authorization is required, 413 and 415 where a body is read,
/// 429 where the rate limiter applies.
/// Runs last (<c>Finally</c>), when what the endpoint declared and what it reads are both known.
/// </summary>
public static class StandardResponses
{
    public static TBuilder WithStandardResponses<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).ToHashSet();
            void Add(int status, Type type)
            {
                if (declared.Add(status))
                {
                    endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, type, ["application/problem+json"]));
                }
            }

            Add(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails));
            if (OperationSecurity.RequiresAuthorization(endpoint.Metadata))
            {
                Add(StatusCodes.Status401Unauthorized, typeof(ProblemDetails));
            }
            if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any())
            {
                Add(StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails));
                Add(StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails));
            }
            if (!endpoint.Metadata.OfType<DisableRateLimitingAttribute>().Any())
            {
                Add(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails));
            }
        });
        return builder;
    }
}
