namespace Starter.Api.Docs;

/// <summary>A tag of the document with what its operations are about (Redocly and ReDoc show it).</summary>
public sealed record TagDescription(string Name, string Description);

public static class TagDescriptionExtensions
{
    /// <summary>Tags the endpoints, as <c>WithTags</c> does, and gives the tag its description in the document.</summary>
    public static TBuilder WithTag<TBuilder>(this TBuilder builder, string name, string description) where TBuilder : IEndpointConventionBuilder =>
        builder.WithTags(name).WithMetadata(new TagDescription(name, description));
}
