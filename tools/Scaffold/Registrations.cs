namespace Scaffold;

/// <summary>
/// The lines the new resource adds to files the project already has: its service, its routes, its
/// schemas' JSON metadata and its requests. Each finds the line it goes before; a file edited out of
/// that shape is a refusal naming the line to add by hand.
/// </summary>
public static class Registrations
{
    private static readonly string[] SchemaKinds = ["Create", "Update", "Read", "Page"];

    public static IEnumerable<(string Path, string Content)> Edits(ResourceSpec r)
    {
        var project = r.Project;
        var services = project.Api("Services", "ServicesRegistration.cs");
        yield return (services, InsertBefore(services, ".AddScoped<HealthService>()", $"            .AddAppService<{r.Name}Service>()"));

        var routes = project.Api("Api", "V1", "V1Routes.cs");
        yield return (routes, InsertBefore(routes, "        return app;", $"        v1.Map{r.Plural}();"));

        var json = project.Api("Api", "AppJsonContext.cs");
        yield return (json, InsertBefore(json, "[JsonSerializable(typeof(ProblemDetails))]",
            string.Join('\n', SchemaKinds.Select(s => $"[JsonSerializable(typeof({r.Name}{s}))]"))));

        var http = project.Api(project.ApiProject + ".http");
        var existing = File.ReadAllText(http);
        var requests = Writers.HttpFileWriter.Requests(r, existing);
        // Before the request that ends the session, where there is one; else at the end.
        var end = existing.IndexOf("\n### End every session", StringComparison.Ordinal);
        if (end >= 0)
        {
            var conditional = existing.LastIndexOf("\n#if", end, StringComparison.Ordinal);
            var cut = conditional >= 0 && existing[conditional..end].Trim('\n').Split('\n').Length == 1 ? conditional : end;
            yield return (http, existing[..cut].TrimEnd('\n') + "\n" + requests + existing[cut..]);
        }
        else
        {
            yield return (http, existing.TrimEnd('\n') + "\n" + requests);
        }
    }

    private static string InsertBefore(string path, string anchor, string lines)
    {
        var text = File.ReadAllText(path);
        var at = text.IndexOf(anchor, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new ScaffoldException($"{path} has no line '{anchor.Trim()}' to add '{lines.Trim()}' before: add it by hand, or restore that line.");
        }
        var lineStart = text.LastIndexOf('\n', at) + 1;
        return text[..lineStart] + lines + "\n" + text[lineStart..];
    }
}
