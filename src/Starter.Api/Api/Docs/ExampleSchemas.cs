using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Starter.Schemas;

namespace Starter.Api.Docs;

/// <summary>Puts each <see cref="IExample{TSelf}"/> schema's example into the document, as the API would write it.</summary>
public sealed class ExampleSchemas(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (context.JsonPropertyInfo is null
            && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IExample<>))
            && type.GetProperty(nameof(IExample<>.Example), BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is { } example)
        {
            schema.Examples = [JsonSerializer.SerializeToNode(example, json.Value.SerializerOptions.GetTypeInfo(type))!];
        }
        return Task.CompletedTask;
    }
}
