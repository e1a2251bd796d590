using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Starter.Api.Docs;

/// <summary>
/// Says of every operation what credentials it needs: an empty <c>security</c> list where none are,
/// so clients and linters need not guess, and the scheme that protects it where the endpoint
/// requires authorization.
/// </summary>
public sealed class OperationSecurity : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!RequiresAuthorization(context.Description.ActionDescriptor.EndpointMetadata))
        {
            operation.Security = [];
            //#if (IncludeAuth)
            return Task.CompletedTask;
            //#endif
        }
        //#if (IncludeAuth)
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerSecurityScheme.Name, context.Document)] = [] },
        ];
        //#endif
        return Task.CompletedTask;
    }

    public static bool RequiresAuthorization(IList<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
}
