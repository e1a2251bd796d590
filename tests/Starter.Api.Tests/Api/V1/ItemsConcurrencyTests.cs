using System.Net;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.V1;

public sealed class ItemsConcurrencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Patch_ConcurrentWritersWithTheSameETag_ExactlyOneWins()
    {
        const int writers = 12;
        var client = factory.CreateCallerClient();
        var (created, etag) = await client.CreateItemAsync("Contended");
        var id = created.GetProperty("id").GetInt64();

        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, writers).Select(n => Task.Run(async () =>
        {
            start.Wait(TestContext.Current.CancellationToken);
            var response = await client.PatchJsonAsync($"{ItemsClient.Path}/{id}", $$"""{"title":"writer {{n}}"}""", etag);
            return (Writer: n, response.StatusCode);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        Assert.Equal($"writer {winner.Writer}", await factory.ScalarAsync<string>("SELECT title FROM items WHERE id = $1", id));
    }

    [Fact]
    public async Task Patch_ConcurrentWritersWithoutETag_AllSucceedAndTheRowHoldsOneOfThem()
    {
        const int writers = 8;
        var client = factory.CreateCallerClient();
        var (created, _) = await client.CreateItemAsync("Last write wins");
        var id = created.GetProperty("id").GetInt64();

        var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(n =>
            client.PatchJsonAsync($"{ItemsClient.Path}/{id}", $$"""{"description":"writer {{n}}"}""")));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Matches("^writer [0-7]$", await factory.ScalarAsync<string>("SELECT description FROM items WHERE id = $1", id));
    }
}
