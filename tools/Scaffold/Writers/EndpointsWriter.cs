using System.Text;

namespace Scaffold.Writers;

/// <summary>The endpoints (<c>Api/V1/Endpoints/</c>): bind, one service call, a typed result, as <c>ItemsEndpoints</c> does.</summary>
public static class EndpointsWriter
{
    public static string Endpoints(ResourceSpec r)
    {
        var ns = r.Project.Namespace;
        var service = Naming.Camel(r.Plural);
        var body = Naming.Safe(r.Variable);
        var caller = r.Owned ? "ClaimsPrincipal caller, " : "";
        var callerId = r.Owned ? "caller.Id(), " : "";
        var code = new StringBuilder();
        code.AppendLine("using System.ComponentModel;");
        code.AppendLine("using System.ComponentModel.DataAnnotations;");
        if (r.Owned)
        {
            code.AppendLine("using System.Security.Claims;");
        }
        code.AppendLine($"using {ns}.Api.Docs;");
        if (r.Idempotent)
        {
            code.AppendLine($"using {ns}.Api.Idempotency;");
        }
        if (r.Owned)
        {
            code.AppendLine($"using {ns}.Auth;");
        }
        code.AppendLine($"using {ns}.Schemas;");
        code.AppendLine($"using {ns}.Services;");
        code.AppendLine();
        code.AppendLine($"namespace {ns}.Api.V1.Endpoints;");
        code.AppendLine();
        code.AppendLine($"public static class {r.Plural}Endpoints");
        code.AppendLine("{");
        code.AppendLine($"    private const string ETagDescription = \"The {r.Words}'s version, to send back in If-Match when updating it.\";");
        code.AppendLine();
        code.AppendLine("    // A description attribute, as the XML <param> of a renamed header parameter does not reach the document.");
        code.AppendLine("    private const string IfMatchDescription =");
        code.AppendLine($"        \"The {r.Words}'s ETag as read (\\\"123\\\"): update only if that is still its version, else 412. Left out or *: any version.\";");
        code.AppendLine();
        code.AppendLine($"    public static RouteGroupBuilder Map{r.Plural}(this RouteGroupBuilder v1)");
        code.AppendLine("    {");
        code.AppendLine($"        var {service} = v1.MapGroup(\"/{r.Route}\")");
        code.AppendLine($"            .WithTag(\"{r.Plural}\", \"{Capital(r.PluralWords)}: create, read, page through, update (with optimistic concurrency) and delete them.\")");
        code.AppendLine("            .ProducesValidationProblem()");
        code.AppendLine("            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);");
        if (r.Owned)
        {
            code.AppendLine($"        // Each caller sees only their own {r.PluralWords}: another user's is a 404, as if it did not exist.");
            code.AppendLine($"        {service}.RequireAuthorization();");
        }
        code.AppendLine($"        {service}.MapPost(\"/\", Create{r.Name}).WithName(nameof(Create{r.Name}))");
        if (r.Idempotent)
        {
            code.AppendLine("            .WithIdempotencyKey()");
        }
        else if (r.HasUnique)
        {
            code.AppendLine("            .ProducesConflict()");
        }
        code.AppendLine($"            .WithResponseHeader(StatusCodes.Status201Created, \"Location\", \"The path of the new {r.Words}.\")");
        code.AppendLine("            .WithResponseHeader(StatusCodes.Status201Created, \"ETag\", ETagDescription);");
        code.AppendLine($"        {service}.MapGet(\"/\", List{r.Plural}).WithName(nameof(List{r.Plural}));");
        code.AppendLine($"        {service}.MapGet(\"/{{id}}\", Get{r.Name}).WithName(nameof(Get{r.Name}))");
        code.AppendLine("            .WithResponseHeader(StatusCodes.Status200OK, \"ETag\", ETagDescription)");
        code.AppendLine("            .ProducesProblem(StatusCodes.Status404NotFound);");
        code.AppendLine($"        {service}.MapPatch(\"/{{id}}\", Update{r.Name}).WithName(nameof(Update{r.Name}))");
        code.AppendLine("            .WithResponseHeader(StatusCodes.Status200OK, \"ETag\", ETagDescription)");
        code.AppendLine("            .ProducesProblem(StatusCodes.Status404NotFound)");
        code.AppendLine(r.HasUnique ? "            .ProducesProblem(StatusCodes.Status412PreconditionFailed)" : "            .ProducesProblem(StatusCodes.Status412PreconditionFailed);");
        if (r.HasUnique)
        {
            code.AppendLine("            .ProducesConflict();");
        }
        code.AppendLine($"        {service}.MapDelete(\"/{{id}}\", Delete{r.Name}).WithName(nameof(Delete{r.Name}))");
        code.AppendLine("            .ProducesProblem(StatusCodes.Status404NotFound)");
        code.AppendLine("            .ProducesConflict();");
        foreach (var field in r.ReferenceFields)
        {
            var referenced = r.Referenced(field);
            var group = $"of{field.Referenced}";
            code.AppendLine($"        var {group} = v1.MapGroup(\"/{referenced.Route}/{{{Naming.Camel(field.Name)}}}/{r.Route}\")");
            code.AppendLine($"            .WithTags(\"{r.Plural}\")");
            code.AppendLine("            .ProducesValidationProblem()");
            code.AppendLine("            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);");
            if (r.Owned)
            {
                code.AppendLine($"        {group}.RequireAuthorization();");
            }
            code.AppendLine($"        {group}.MapGet(\"/\", List{field.Referenced}{r.Plural}).WithName(nameof(List{field.Referenced}{r.Plural}))");
            code.AppendLine("            .ProducesProblem(StatusCodes.Status404NotFound);");
        }
        code.AppendLine("        return v1;");
        code.AppendLine("    }");
        code.AppendLine();

        // Create.
        code.AppendLine($"    /// <summary>Create a {r.Words}.</summary>");
        code.AppendLine("    /// <remarks>");
        code.AppendLine($"    /// Answers 201 with the {r.Words}, its <c>Location</c> and its <c>ETag</c>.{(r.Idempotent ? " Send an <c>Idempotency-Key</c>" : "")}");
        if (r.Idempotent)
        {
            code.AppendLine("    /// to make retrying safe: a retry gets the same 201 and creates nothing more.");
        }
        if (r.HasUnique)
        {
            code.AppendLine($"    /// A value another of {(r.Owned ? "your" : "the")} {r.PluralWords} has where it must be unique is a 409 naming the field.");
        }
        code.AppendLine("    /// </remarks>");
        code.AppendLine($"    public static async Task<Created<{r.Name}Read>> Create{r.Name}(");
        code.AppendLine($"        {r.Name}Create {body}, {caller}{r.Name}Service {service}, HttpResponse response, CancellationToken ct)");
        code.AppendLine("    {");
        code.AppendLine($"        var created = await {service}.CreateAsync({callerId}{body}, ct);");
        code.AppendLine("        ETag.Set(response, created.Version);");
        code.AppendLine($"        return TypedResults.Created($\"{{V1Routes.Prefix}}/{r.Route}/{{created.Value.Id}}\", created.Value);");
        code.AppendLine("    }");
        code.AppendLine();

        // Get.
        code.AppendLine($"    /// <summary>Get one {r.Words} by id.</summary>");
        code.AppendLine($"    /// <remarks>The <c>ETag</c> header carries the {r.Words}'s version, for <c>If-Match</c> on a later update.</remarks>");
        code.AppendLine($"    public static async Task<Results<Ok<{r.Name}Read>, NotFound>> Get{r.Name}(");
        code.AppendLine($"        long id, {caller}{r.Name}Service {service}, HttpResponse response, CancellationToken ct)");
        code.AppendLine("    {");
        code.AppendLine($"        var found = await {service}.GetAsync({callerId}id, ct);");
        code.AppendLine("        if (found is null)");
        code.AppendLine("        {");
        code.AppendLine("            return TypedResults.NotFound();");
        code.AppendLine("        }");
        code.AppendLine("        ETag.Set(response, found.Version);");
        code.AppendLine("        return TypedResults.Ok(found.Value);");
        code.AppendLine("    }");
        code.AppendLine();

        // List.
        code.AppendLine($"    /// <summary>List {r.PluralWords} in id order, one page at a time.</summary>");
        code.AppendLine("    /// <remarks>Pass each page's <c>nextCursor</c> as <c>cursor</c> until it is null. A cursor this API did not issue is a 400.</remarks>");
        code.AppendLine($"    /// <param name=\"limit\">{Capital(r.PluralWords)} per page, 1 to 100.</param>");
        code.AppendLine("    /// <param name=\"cursor\">The <c>nextCursor</c> of the previous page; leave out for the first page.</param>");
        code.AppendLine($"    public static async Task<Results<Ok<{r.Name}Page>, ValidationProblem>> List{r.Plural}(");
        code.AppendLine($"        {caller}{r.Name}Service {service}, CancellationToken ct, [Range(1, 100)] int limit = 20, string? cursor = null)");
        code.AppendLine("    {");
        code.AppendLine("        if (!PageCursor.TryDecode(cursor, out var afterId))");
        code.AppendLine("        {");
        code.AppendLine("            return PageAnswers.InvalidCursor();");
        code.AppendLine("        }");
        code.AppendLine($"        var page = await {service}.ListAsync({callerId}afterId, limit, ct);");
        code.AppendLine("        return TypedResults.Ok(page);");
        code.AppendLine("    }");
        code.AppendLine();
        foreach (var field in r.ReferenceFields)
        {
            var parent = Naming.Camel(field.Name);
            var words = Naming.Words(field.Referenced!);
            code.AppendLine($"    /// <summary>List the {r.PluralWords} of one {words}, in id order, one page at a time.</summary>");
            code.AppendLine($"    /// <remarks>A 404 when there is no such {words}{(r.Owned && r.Referenced(field).Owned ? " of yours" : "")}. Pages as the full list does.</remarks>");
            code.AppendLine($"    /// <param name=\"{parent}\">The {words}'s id.</param>");
            code.AppendLine($"    /// <param name=\"limit\">{Capital(r.PluralWords)} per page, 1 to 100.</param>");
            code.AppendLine("    /// <param name=\"cursor\">The <c>nextCursor</c> of the previous page; leave out for the first page.</param>");
            code.AppendLine($"    public static async Task<Results<Ok<{r.Name}Page>, NotFound, ValidationProblem>> List{field.Referenced}{r.Plural}(");
            code.AppendLine($"        long {parent}, {caller}{r.Name}Service {service}, CancellationToken ct, [Range(1, 100)] int limit = 20, string? cursor = null)");
            code.AppendLine("    {");
            code.AppendLine("        if (!PageCursor.TryDecode(cursor, out var afterId))");
            code.AppendLine("        {");
            code.AppendLine("            return PageAnswers.InvalidCursor();");
            code.AppendLine("        }");
            code.AppendLine($"        var page = await {service}.ListOf{field.Referenced}Async({callerId}{parent}, afterId, limit, ct);");
            code.AppendLine("        return page is null ? TypedResults.NotFound() : TypedResults.Ok(page);");
            code.AppendLine("    }");
            code.AppendLine();
        }

        // Update.
        code.AppendLine($"    /// <summary>Update some fields of a {r.Words}.</summary>");
        code.AppendLine("    /// <remarks>");
        code.AppendLine($"    /// Fields left out stay as they are. Send the {r.Words}'s <c>ETag</c> in <c>If-Match</c> to update only");
        code.AppendLine("    /// the version you read: a stale one gets 412.");
        code.AppendLine("    /// </remarks>");
        code.AppendLine($"    public static async Task<Results<Ok<{r.Name}Read>, NotFound, ProblemHttpResult>> Update{r.Name}(");
        code.AppendLine($"        long id, {r.Name}Update update, [FromHeader(Name = \"If-Match\"), Description(IfMatchDescription)] string? ifMatch,");
        code.AppendLine($"        {caller}{r.Name}Service {service}, HttpResponse response, CancellationToken ct)");
        code.AppendLine("    {");
        code.AppendLine($"        var result = await {service}.UpdateAsync({callerId}id, update, ETag.FromIfMatch(ifMatch), ct);");
        code.AppendLine($"        return result.ToAnswer(response, \"{r.Words}\");");
        code.AppendLine("    }");
        code.AppendLine();

        // Delete.
        code.AppendLine($"    /// <summary>Delete a {r.Words}.</summary>");
        code.AppendLine($"    /// <remarks>Answers 204 with no body, 404 when there is no such {r.Words}, or 409 while rows of another resource still refer to it.</remarks>");
        code.AppendLine($"    public static async Task<Results<NoContent, NotFound>> Delete{r.Name}(long id, {caller}{r.Name}Service {service}, CancellationToken ct)");
        code.AppendLine("    {");
        code.AppendLine($"        var deleted = await {service}.DeleteAsync({callerId}id, ct);");
        code.AppendLine("        return deleted ? TypedResults.NoContent() : TypedResults.NotFound();");
        code.AppendLine("    }");
        code.AppendLine("}");
        return code.ToString();
    }

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
