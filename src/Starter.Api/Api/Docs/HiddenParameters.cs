using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Starter.Api.Docs;

/// <summary>Parameters a framework-made endpoint binds but this API refuses, so the document leaves them out.</summary>
public sealed record HiddenParameters(params string[] Names);

/// <summary>Drops the parameters an endpoint's <see cref="HiddenParameters"/> names.</summary>
public sealed class HiddenParametersTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var hidden = context.Description.ActionDescriptor.EndpointMetadata.OfType<HiddenParameters>().SelectMany(h => h.Names).ToHashSet();
        if (hidden.Count > 0 && operation.Parameters is { } parameters)
        {
            foreach (var parameter in parameters.Where(p => p.Name is { } name && hidden.Contains(name)).ToList())
            {
                parameters.Remove(parameter);
            }
        }
        return Task.CompletedTask;
    }
}
