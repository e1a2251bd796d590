namespace Starter.Schemas;

/// <summary>A response body with the row version it was read at (sent as the ETag header, not in the body).</summary>
public sealed record Versioned<T>(T Value, uint Version);
