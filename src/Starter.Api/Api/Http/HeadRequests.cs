using Microsoft.AspNetCore.Routing;

namespace Starter.Api.Http;

/// <summary>
/// HEAD is answered wherever GET is (RFC 9110, 9.3.2): the same handler runs and Kestrel sends its
/// status and headers without the body. The OpenAPI document leaves the HEAD twins out
/// (<see cref="Docs.ApiDocs"/>): HTTP implies them.
/// </summary>
public static class HeadRequests
{
    public static TBuilder AnswerHeadLikeGet<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            // The last method metadata is the one routing matches on.
            if (endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault() is { } methods
                && methods.HttpMethods.Contains(HttpMethods.Get)
                && !methods.HttpMethods.Contains(HttpMethods.Head))
            {
                endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight));
            }
        });
        return builder;
    }
}
