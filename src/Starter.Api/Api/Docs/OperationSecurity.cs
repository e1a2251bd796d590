using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Starter.Api.Docs;

/// <summary>
/// An operation that needs no credentials says so with an empty <c>security</c> list, so clients
/// and linters need not guess. (An operation that requires authorization is left for the scheme
/// that protects it to describe.)
/// </summary>
public sealed class OperationSecurity : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
        }
        return Task.CompletedTask;
    }
}
