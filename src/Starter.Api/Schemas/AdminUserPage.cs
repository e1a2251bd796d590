namespace Starter.Schemas;

/// <summary>One page of accounts, in address order.</summary>
/// <param name="Users">The accounts of this page.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record AdminUserPage(IReadOnlyList<AdminUserRead> Users, string? NextCursor) : IExample<AdminUserPage>
{
    public static AdminUserPage Example { get; } = new([AdminUserRead.Example], null);
}
