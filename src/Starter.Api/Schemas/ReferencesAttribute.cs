namespace Starter.Schemas;

/// <summary>
/// The field holds the id of a row of another collection ("projects" for <c>/api/v1/projects</c>).
/// The document says so (<c>x-references</c>), so that clients and the fuzz test know which row to
/// name; the service still checks that the row exists and is the caller's
/// (<c>Services/References.cs</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ReferencesAttribute(string collection) : Attribute
{
    /// <summary>The collection's path under the version prefix: "projects".</summary>
    public string Collection { get; } = collection;
}
