using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Starter.Api.Idempotency;
using Starter.Models;

namespace Starter.Api.Docs;

/// <summary>
/// Documents <c>Idempotency-Key</c> on the operations that honour it: the filter reads the header
/// itself, so no handler parameter puts it in the document.
/// </summary>
public sealed class IdempotencyDocs : IOpenApiOperationTransformer
{
    private const string Description =
        "Makes a retry safe: send a new unique value (a UUID) with each new request, and the same value "
        + "with the same body when retrying it. A retry gets the first request's response again, status, "
        + "body and headers, and changes nothing. The same key with a different request is a 422; a retry "
        + "while the first request is still running is a 409 (retry after Retry-After). Keys are "
        + "remembered for IDEMPOTENCY_KEY_TTL_HOURS (24 by default), per caller.";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotencyKeyMetadata>().Any())
        {
            return Task.CompletedTask;
        }
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyFilter.HeaderName,
            In = ParameterLocation.Header,
            Required = false,
            Description = Description,
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                MinLength = 1,
                MaxLength = IdempotencyRecord.KeyMaxLength + 2,
                Pattern = "^(\"[\\x21\\x23-\\x7E]{1,255}\"|[\\x21\\x23-\\x7E]{1,255})$",
            },
        });
        return Task.CompletedTask;
    }
}
