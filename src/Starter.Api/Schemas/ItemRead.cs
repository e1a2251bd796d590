namespace Starter.Schemas;

/// <summary>An item as the API shows it.</summary>
public sealed record ItemRead(long Id, string Title, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
    : IExample<ItemRead>
{
    public static ItemRead Example { get; } = new(42, "Buy milk", "Two litres, semi-skimmed.",
        new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 26, 9, 45, 0, TimeSpan.Zero));
}
