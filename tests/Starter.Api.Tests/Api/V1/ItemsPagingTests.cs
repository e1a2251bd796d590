using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.V1;

public sealed class ItemsPagingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateCallerClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_WalkingAllPagesDuringConcurrentInserts_ReturnsEachExistingItemExactlyOnce()
    {
        var existing = new List<long>();
        for (var i = 0; i < 45; i++)
        {
            existing.Add((await _client.CreateItemAsync($"existing {i}")).Item.GetProperty("id").GetInt64());
        }

        using var stop = new CancellationTokenSource();
        var inserter = Task.Run(async () =>
        {
            //#if (IncludeAuth)
            // The same caller: only their own items are paged.
            //#endif
            var client = _client;
            var inserted = 0;
            while (!stop.IsCancellationRequested && inserted < 200)
            {
                await client.CreateItemAsync($"concurrent {inserted++}");
            }
            return inserted;
        }, Ct);

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _client.GetFromJsonAsync<JsonElement>(
                $"{ItemsClient.Path}?limit=7" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), Ct);
            var items = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
            Assert.InRange(items.Count, 0, 7);
            seen.AddRange(items);
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null && pages < 100);
        await stop.CancelAsync();
        var insertedDuringWalk = await inserter;

        Assert.True(insertedDuringWalk > 0);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen.Order(), seen);
        foreach (var id in existing)
        {
            Assert.Single(seen, id);
        }
    }

    [Fact]
    public async Task List_DefaultLimit_Is20AndLastPageHasNoCursor()
    {
        for (var i = 0; i < 21; i++)
        {
            await _client.CreateItemAsync($"page item {i}");
        }
#if (IncludeAuth)
        // Each test signs in a user of its own, who sees only their items: the 21 above.
        var total = 21L;
#else
        var total = await factory.ScalarAsync<long>("SELECT count(*) FROM items");
#endif

        var first = await _client.GetFromJsonAsync<JsonElement>(ItemsClient.Path, Ct);
        Assert.Equal(20, first.GetProperty("items").GetArrayLength());
        var cursor = first.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);

        // The class's other test leaves a varying number of rows: walk to the end rather than assume one more page.
        var seen = 20L;
        JsonElement page;
        do
        {
            page = await _client.GetFromJsonAsync<JsonElement>($"{ItemsClient.Path}?limit=100&cursor={Uri.EscapeDataString(cursor!)}", Ct);
            seen += page.GetProperty("items").GetArrayLength();
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && seen <= total);
        Assert.Equal(total, seen);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=AQAAAAAAAAAAAA", "cursor")]
    [InlineData("cursor=AgAAAAAAAAAB", "cursor")]
    public async Task List_BadLimitOrForgedCursor_Returns400ValidationProblem(string query, string field)
    {
        var response = await _client.GetAsync($"{ItemsClient.Path}?{query}", Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task List_NonNumericLimit_Returns400Problem()
    {
        var response = await _client.GetAsync($"{ItemsClient.Path}?limit=ten", Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
