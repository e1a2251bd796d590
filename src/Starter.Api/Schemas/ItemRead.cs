namespace Starter.Schemas;

/// <summary>An item as the API shows it.</summary>
public sealed record ItemRead(long Id, string Title, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
