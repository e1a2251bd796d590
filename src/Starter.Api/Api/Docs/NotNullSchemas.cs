using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Starter.Api.Docs;

/// <summary>
/// A partial update's <c>int?</c> or <c>DateOnly?</c> marked <see cref="DisallowNullAttribute"/>:
/// "may be left out, not null", as <c>[DisallowNull] string?</c> already reads. The generator types
/// a nullable value type as nullable whatever it is marked; the service refuses the null (a 400).
/// </summary>
public sealed class NotNullSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.IsDefined(typeof(DisallowNullAttribute), inherit: true) == true && schema.Type is { } type)
        {
            schema.Type = type & ~JsonSchemaType.Null;
        }
        return Task.CompletedTask;
    }
}
