namespace Starter.Models;

/// <summary>A row of the <c>items</c> table. Never leaves the service layer; the API speaks <c>Schemas.Item*</c>.</summary>
public sealed class Item
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 2000;

    public long Id { get; set; }

    //#if (IncludeAuth)
    /// <summary>The user who created it, and the only one who can see or change it.</summary>
    public Guid OwnerId { get; set; }

    //#endif
    public required string Title { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: changes with every update, so it serves as the row version and the ETag.</summary>
    public uint Version { get; set; }
}
