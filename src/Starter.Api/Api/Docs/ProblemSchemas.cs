using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Starter.Api.Docs;

/// <summary>
/// The problem schemas as this API writes them: <c>type</c>, <c>title</c>, <c>status</c>,
/// <c>instance</c> and <c>traceId</c> always there (the generator, reading the C# class, made every
/// field optional and nullable and left <c>traceId</c> out), <c>errors</c> as lists of strings.
/// </summary>
public sealed class ProblemSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (context.JsonPropertyInfo is not null
            || (type != typeof(ProblemDetails) && type != typeof(HttpValidationProblemDetails) && type != typeof(ConflictProblem)))
        {
            return Task.CompletedTask;
        }
        var validation = type == typeof(HttpValidationProblemDetails);
        var conflict = type == typeof(ConflictProblem);
        schema.Description = validation ? "An RFC 9457 problem for a request that failed validation: errors names each field and what is wrong with it."
            : conflict ? "An RFC 9457 problem for a 409: errors names the fields whose values are already taken; it is absent when "
                + "the conflict is with a row still referred to, or with an Idempotency-Key still in use (then Retry-After is sent)."
            : "An RFC 9457 problem: what went wrong, for people (title, detail) and for code (type, status).";
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI that identifies the kind of problem.", "uri-reference"),
            ["title"] = Text("A short summary of the kind of problem."),
            ["status"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Format = "int32",
                Minimum = "400",
                Maximum = "599",
                Description = "The HTTP status code.",
            },
            ["detail"] = Text("What went wrong with this request, for people."),
            ["instance"] = Text("The method and path of the request."),
            ["traceId"] = Text("The W3C trace id of the request, to find it in logs and traces."),
        };
        schema.Required = new HashSet<string> { "type", "title", "status", "instance", "traceId" };
        if (validation || conflict)
        {
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = conflict ? "For each field whose value is taken, what is taken." : "For each field or parameter at fault, what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text("One thing wrong with the field.") },
            };
        }
        if (validation)
        {
            schema.Required.Add("errors");
        }
        schema.Examples = [conflict ? ConflictExample() : Example(validation)];
        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(string description, string? format = null) =>
        new() { Type = JsonSchemaType.String, Format = format, Description = description };

    private static JsonObject ConflictExample() => new()
    {
        ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        ["title"] = "Already exists",
        ["status"] = 409,
        ["detail"] = "Another project already has this name.",
        ["instance"] = "POST /api/v1/projects",
        ["traceId"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        ["errors"] = new JsonObject { ["name"] = new JsonArray("Another project already has this name.") },
    };

    private static JsonObject Example(bool validation)
    {
        var example = new JsonObject
        {
            ["type"] = validation ? "https://tools.ietf.org/html/rfc9110#section-15.5.1" : "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            ["title"] = validation ? "One or more validation errors occurred." : "Not Found",
            ["status"] = validation ? 400 : 404,
            ["instance"] = validation ? "GET /api/v1/health" : "GET /api/v1/helth",
            ["traceId"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };
        if (validation)
        {
            // What GET /api/v1/health?x=%00 answers.
            example["errors"] = new JsonObject { ["x"] = new JsonArray("The value cannot contain the NUL character (%00).") };
        }
        return example;
    }
}
