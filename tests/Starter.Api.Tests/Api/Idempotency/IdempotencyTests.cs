using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Starter.Db;
using Starter.Tests.Infrastructure;
using static Starter.Tests.Api.Idempotency.IdempotencyClient;

namespace Starter.Tests.Api.Idempotency;

/// <summary><c>Idempotency-Key</c> on item creation: replays, mismatches, requests in flight, expiry.</summary>
public sealed class IdempotencyTests(ApiFactory app) : IClassFixture<ApiFactory>
{
    private Task<long> ItemsTitledAsync(string title) => app.ScalarAsync<long>("SELECT count(*) FROM items WHERE title = $1", title);

    [Fact]
    public async Task ARetryWithTheSameKeyAndBody_GetsTheSameResponse_AndCreatesNothingMore()
    {
        var client = app.CreateCallerClient();
        var key = NewKey();
        var json = """{"title":"once only","description":"sent twice"}""";

        var first = await client.CreateWithKeyAsync(key, json);
        // The same body, spelt differently: what counts is the request as bound.
        var retry = await client.CreateWithKeyAsync(key, """{ "description": "sent twice", "title": "once only" }""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await retry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        Assert.Equal(first.Content.Headers.ContentType, retry.Content.Headers.ContentType);
        Assert.Equal(1L, await ItemsTitledAsync("once only"));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE key = $1", key));
    }

    [Fact]
    public async Task TheFirstAnswerAndItsReplay_CarryEachHeaderOnce()
    {
        var client = app.CreateCallerClient();
        var key = NewKey();

        var first = await client.CreateWithKeyAsync(key, TitleJson("headers once"));
        var replay = await client.CreateWithKeyAsync(key, TitleJson("headers once"));

        foreach (var response in new[] { first, replay })
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Single(response.Headers.NonValidated["Location"]);
            Assert.Single(response.Headers.NonValidated["ETag"]);
            Assert.Single(response.Content.Headers.NonValidated["Content-Type"]);
        }
    }

    [Fact]
    public async Task TheSameKeyWithADifferentBody_Is422_AndCreatesNothing()
    {
        var client = app.CreateCallerClient();
        var key = NewKey();
        Assert.Equal(HttpStatusCode.Created, (await client.CreateWithKeyAsync(key, TitleJson("first body"))).StatusCode);

        var reused = await client.CreateWithKeyAsync(key, TitleJson("second body"));

        var problem = await ProblemAssert.IsProblemAsync(reused, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Idempotency-Key reused", problem.GetProperty("title").GetString());
        Assert.Equal(0L, await ItemsTitledAsync("second body"));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("has space")]
    [InlineData("naïve")]
    public async Task AKeyThatIsNotOne_Is400_AndCreatesNothing(string key)
    {
        var client = app.CreateCallerClient();
        var title = $"bad key {Guid.NewGuid():N}";

        var response = await client.CreateWithKeyAsync(key, TitleJson(title));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0L, await ItemsTitledAsync(title));
    }

    [Fact]
    public async Task AKeyTooLong_Is400_AndAQuotedKeyIsTheSameAsItsBareText()
    {
        var client = app.CreateCallerClient();
        await ProblemAssert.IsProblemAsync(await client.CreateWithKeyAsync(new string('k', 256), TitleJson("too long")), HttpStatusCode.BadRequest);

        var key = NewKey();
        var quoted = await client.CreateWithKeyAsync($"\"{key}\"", TitleJson("quoted key"));
        var bare = await client.CreateWithKeyAsync(key, TitleJson("quoted key"));
        Assert.Equal(HttpStatusCode.Created, quoted.StatusCode);
        Assert.Equal(quoted.Headers.Location, bare.Headers.Location);
        Assert.Equal(1L, await ItemsTitledAsync("quoted key"));
    }

    [Fact]
    public async Task AFailedRequest_IsNotStored_SoItsKeyStillServesTheCorrectedRequest()
    {
        var client = app.CreateCallerClient();
        var key = NewKey();
        await ProblemAssert.IsProblemAsync(await client.CreateWithKeyAsync(key, """{"title":""}"""), HttpStatusCode.BadRequest);

        var corrected = await client.CreateWithKeyAsync(key, TitleJson("corrected"));

        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        Assert.Equal(1L, await ItemsTitledAsync("corrected"));
    }

    [Fact]
    public async Task ARetryWhileTheFirstRequestStillRuns_Is409WithRetryAfter_ThenGetsTheFirstOutcome()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = app.CreateCallerClient();
        var key = NewKey();
        // Hold the first request inside its transaction: its insert waits for this lock on the table.
        await using var blocker = new NpgsqlConnection(app.ConnectionString);
        await blocker.OpenAsync(ct);
        await using var transaction = await blocker.BeginTransactionAsync(ct);
        await using (var lockItems = new NpgsqlCommand("LOCK TABLE items IN EXCLUSIVE MODE", blocker, transaction))
        {
            await lockItems.ExecuteNonQueryAsync(ct);
        }
        var first = client.CreateWithKeyAsync(key, TitleJson("slow first"));
        // Wait until the first request holds its key: an advisory lock granted in this class's database.
        var waited = Stopwatch.StartNew();
        while (await app.ScalarAsync<long>(
                   "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") == 0)
        {
            Assert.False(first.IsCompleted, "the first request finished while the table was locked");
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the first request never took its key");
            await Task.Delay(20, ct);
        }

        var retry = await client.CreateWithKeyAsync(key, TitleJson("slow first"));

        var problem = await ProblemAssert.IsProblemAsync(retry, HttpStatusCode.Conflict);
        Assert.Equal("Request in progress", problem.GetProperty("title").GetString());
        Assert.Equal(TimeSpan.FromSeconds(1), retry.Headers.RetryAfter?.Delta);
        await transaction.CommitAsync(ct);
        var firstResponse = await first;
        var after = await client.CreateWithKeyAsync(key, TitleJson("slow first"));

        Assert.Equal(HttpStatusCode.Created, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(firstResponse.Headers.Location, after.Headers.Location);
        Assert.Equal(1L, await ItemsTitledAsync("slow first"));
    }

    [Fact]
    public async Task AnExpiredKey_RunsAsNew_AndTheCleanupDeletesExpiredKeysOnly()
    {
        var client = app.CreateCallerClient();
        var (expired, kept) = (NewKey(), NewKey());
        var first = await client.CreateWithKeyAsync(expired, TitleJson("expires"));
        Assert.Equal(HttpStatusCode.Created, (await client.CreateWithKeyAsync(kept, TitleJson("kept"))).StatusCode);
        await app.ScalarAsync<int>("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1 RETURNING 1", expired);

        var again = await client.CreateWithKeyAsync(expired, TitleJson("expires"));

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.NotEqual(first.Headers.Location, again.Headers.Location);
        Assert.Equal(2L, await ItemsTitledAsync("expires"));

        await app.ScalarAsync<int>("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1 RETURNING 1", expired);
        var deleted = await app.Services.GetRequiredService<ExpiredRowsCleanup>().DeleteExpiredAsync(TestContext.Current.CancellationToken);
        Assert.True(deleted >= 1);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE key = $1", expired));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys WHERE key = $1", kept));
    }
    //#if (IncludeAuth)

    [Fact]
    public async Task KeysArePerCaller_TwoUsersWithOneKeyGetAnItemEach()
    {
        var key = NewKey();
        var alice = await app.CreateCallerClient().CreateWithKeyAsync(key, TitleJson("per caller"));
        var bob = await app.CreateCallerClient().CreateWithKeyAsync(key, TitleJson("per caller"));

        Assert.Equal(HttpStatusCode.Created, alice.StatusCode);
        Assert.Equal(HttpStatusCode.Created, bob.StatusCode);
        Assert.NotEqual(alice.Headers.Location, bob.Headers.Location);
        Assert.Equal(2L, await ItemsTitledAsync("per caller"));
    }
    //#endif
}
