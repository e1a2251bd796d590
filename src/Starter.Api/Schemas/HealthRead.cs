namespace Starter.Schemas;

/// <summary>The service and its database both answer.</summary>
/// <param name="Status">Always "ok" in a 200 response.</param>
/// <param name="Database">Always "ok" in a 200 response.</param>
public sealed record HealthRead(string Status, string Database) : IExample<HealthRead>
{
    public static HealthRead Example { get; } = new("ok", "ok");
}
