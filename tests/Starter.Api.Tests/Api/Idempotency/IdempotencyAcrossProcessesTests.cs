using System.Collections.Concurrent;
using System.Net;
//#if (IncludeAuth)
using System.Net.Http.Headers;
//#endif
using Starter.Tests.Infrastructure;
using static Starter.Tests.Api.Idempotency.IdempotencyClient;

namespace Starter.Tests.Api.Idempotency;

/// <summary>
/// A client retrying one create on two instances at once, as behind a balancer: real app processes
/// over one database. Each key ends with exactly one item, and every 201 is the same response.
/// </summary>
public sealed class IdempotencyAcrossProcessesTests(TestDatabaseServer server) : IAsyncDisposable
{
    private string? _database;

    [Fact]
    public async Task ConcurrentRetriesOnTwoProcesses_CreateOneItemPerKey_AndAllSucceedWithTheSameResponse()
    {
        var ct = TestContext.Current.CancellationToken;
        _database = await server.CreateDatabaseAsync();
        var connectionString = server.ConnectionStringFor(_database);
        using var a = await RunningApp.StartAsync(connectionString);
        using var b = await RunningApp.StartAsync(connectionString);
        using var clientA = new HttpClient { BaseAddress = a.Address };
        using var clientB = new HttpClient { BaseAddress = b.Address };
        //#if (IncludeAuth)
        var token = await SignIn.RegisterAndLogInAsync(clientA, "retries@example.com", SignIn.Password);
        clientA.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        clientB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        //#endif
        HttpClient[] clients = [clientA, clientB];
        const int keys = 12, attemptsPerKey = 6;
        var outcomes = new ConcurrentBag<(string Key, HttpStatusCode Status, string? Location, string Body)>();

        await Parallel.ForEachAsync(Enumerable.Range(0, keys), ct, async (k, token) =>
        {
            var key = NewKey();
            await Task.WhenAll(Enumerable.Range(0, attemptsPerKey).Select(async attempt =>
            {
                // A client retries a 409 (the first attempt still running) until it gets the outcome,
                // sooner than its Retry-After, to keep the race tight.
                var response = await clients[attempt % 2].CreateWithKeyAsync(key, TitleJson(key));
                while (response.StatusCode == HttpStatusCode.Conflict)
                {
                    await Task.Delay(50, token);
                    response = await clients[attempt % 2].CreateWithKeyAsync(key, TitleJson(key));
                }
                outcomes.Add((key, response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadAsStringAsync(token)));
            }));
        });

        Assert.Equal(keys * attemptsPerKey, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(HttpStatusCode.Created, o.Status));
        foreach (var group in outcomes.GroupBy(o => o.Key))
        {
            Assert.Single(group.Select(o => (o.Location, o.Body)).Distinct());
            Assert.Equal(1L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM items WHERE title = $1", group.Key));
        }
        Assert.Equal((long)keys, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM items"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await server.DropDatabaseAsync(_database);
        }
    }
}
