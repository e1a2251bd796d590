using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Starter.Schemas;

namespace Starter.Api.Docs;

/// <summary>
/// Types every string in the document. <c>PostgresTextConverter</c>, the converter that refuses NUL,
/// hides the string type from the schema generator (it sees a custom converter and writes <c>{}</c>),
/// so it is put back here (for lists of strings too), with null allowed only where the API accepts and returns null, and
/// <see cref="NotBlankAttribute"/> said as <c>minLength</c> and a pattern.
/// </summary>
public sealed class TextSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(string))
        {
            // A list of strings: the same converter hides its elements' type, and the generator then
            // writes an array with no items at all.
            if (context.JsonTypeInfo.ElementType == typeof(string) && schema.Items is null)
            {
                schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
            }
            return Task.CompletedTask;
        }
        schema.Type = JsonSchemaType.String;
        if (context.JsonPropertyInfo is { } property)
        {
            // A request schema's setter and a response schema's getter: null only where both allow it.
            var nullable = property.Set is null ? property.IsGetNullable : property.IsGetNullable && property.IsSetNullable;
            if (nullable)
            {
                schema.Type |= JsonSchemaType.Null;
            }
            if (property.AttributeProvider?.IsDefined(typeof(NotBlankAttribute), inherit: true) == true)
            {
                schema.MinLength = Math.Max(schema.MinLength ?? 0, 1);
                schema.Pattern = NotBlankAttribute.Pattern;
            }
        }
        return Task.CompletedTask;
    }
}
