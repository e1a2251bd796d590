using Starter.Schemas;

namespace Starter.Services;

/// <summary>
/// Keyset pagination's last step, for every list: the query asked for one row more than the page
/// holds; that row, if it came, says a next page exists, and the page's last id is its cursor.
/// </summary>
public static class Keyset
{
    public static async Task<(List<T> Rows, string? NextCursor)> PageAsync<T>(
        IAsyncEnumerable<T> limitPlusOne, int limit, Func<T, long> id, CancellationToken ct)
    {
        var rows = new List<T>(limit + 1);
        await foreach (var row in limitPlusOne.WithCancellation(ct))
        {
            rows.Add(row);
        }
        if (rows.Count <= limit)
        {
            return (rows, null);
        }
        rows.RemoveAt(limit);
        return (rows, PageCursor.Encode(id(rows[^1])));
    }
}
