using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Starter.Core;

namespace Starter.Api.Docs;

/// <summary>
/// The document's <c>info</c> (name and version from the app, the rest below: edit it for your
/// service), its servers (relative, no trailing slash) and its tags, described where the endpoints declare them.
/// </summary>
public sealed class DocumentInfo(IOptions<AppOptions> app) : IOpenApiDocumentTransformer
{
    public const string Description = "An ASP.NET Core + PostgreSQL web API. Every error is an RFC 9457 problem "
        + "(application/problem+json); request bodies are strict UTF-8 JSON.";

    public const string ContactName = "Starter maintainers";
    public const string License = "MIT";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = app.Value.Name;
        document.Info.Version = AppVersion.Current;
        document.Info.Description = Description;
        document.Info.Contact = new OpenApiContact { Name = ContactName };
        document.Info.License = new OpenApiLicense { Name = License, Identifier = License };
        // Relative to where the document is served (the spec allows it): right behind any proxy or
        // host name, where the absolute URL the app sees may not be the one clients use.
        foreach (var server in document.Servers ?? [])
        {
            var path = Uri.TryCreate(server.Url, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : server.Url ?? "/";
            server.Url = path.Length > 1 ? path.TrimEnd('/') : "/";
        }
        var tags = context.DescriptionGroups
            .SelectMany(group => group.Items)
            .SelectMany(api => api.ActionDescriptor.EndpointMetadata.OfType<TagDescription>())
            .DistinctBy(tag => tag.Name)
            .OrderBy(tag => tag.Name, StringComparer.Ordinal);
        document.Tags = new HashSet<OpenApiTag>(tags.Select(tag => new OpenApiTag { Name = tag.Name, Description = tag.Description }));
        return Task.CompletedTask;
    }
}
