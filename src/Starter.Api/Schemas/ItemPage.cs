namespace Starter.Schemas;

/// <summary>One page of items in id order.</summary>
/// <param name="Items">At most <c>limit</c> items.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; null on the last page.</param>
public sealed record ItemPage(IReadOnlyList<ItemRead> Items, string? NextCursor) : IExample<ItemPage>
{
    public static ItemPage Example { get; } = new([ItemRead.Example], PageCursor.Encode(ItemRead.Example.Id));
}
