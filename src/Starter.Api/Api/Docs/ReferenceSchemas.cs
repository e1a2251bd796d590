using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Starter.Api.V1;
using Starter.Schemas;

namespace Starter.Api.Docs;

/// <summary>
/// A field marked <see cref="ReferencesAttribute"/> says which collection's rows it names, as
/// <c>x-references: "/api/v1/projects"</c>: the collection's path, where its rows are created and read.
/// </summary>
public sealed class ReferenceSchemas : IOpenApiSchemaTransformer
{
    public const string Extension = "x-references";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(ReferencesAttribute), inherit: true)
                is [ReferencesAttribute reference, ..])
        {
            schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            schema.Extensions[Extension] = new JsonNodeExtension(JsonValue.Create($"{V1Routes.Prefix}/{reference.Collection}"));
            schema.Description ??= $"The id of a row of {V1Routes.Prefix}/{reference.Collection}.";
        }
        return Task.CompletedTask;
    }
}
