using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Starter.Db;
using Starter.Db.Local;
//#if (IncludeSample)
using Starter.Tests.Api.V1;
//#endif
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Db;

/// <summary>
/// The database goes away and comes back while the app runs, reached directly or through a real
/// PgBouncer in transaction mode (which reports the outage in errors of its own, SQLSTATE 08P01): a
/// server of its own, since stopping the shared one would fail every other test.
/// </summary>
public sealed class OutageTests : IAsyncDisposable
{
    private LocalPostgres? _server;
    private PgBouncer? _pooler;
    private WebApplicationFactory<Program>? _app;

    private async Task StartAsync(bool throughPgBouncer)
    {
        var folder = Path.Combine(Path.GetTempPath(), "starter-test-postgres", $"{Environment.ProcessId}-outage-{Guid.NewGuid():N}");
        _server = await LocalPostgresProvisioner.StartAsync(new LocalPostgresRequest("tests", folder, Disposable: true), NullLogger.Instance);
        await DatabaseAdmin.CreateIfMissingAsync(_server.ConnectionString, "outage");
        var connectionString = _server.ConnectionStringFor("outage");
        // Migrations go straight to the server, as a deploy runs them: not through a transaction pooler.
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        await using (var db = new AppDbContext(AppDbContextOptions.For(dataSource)))
        {
            await db.Database.MigrateAsync();
        }
        if (throughPgBouncer)
        {
            _pooler = await PgBouncer.StartAsync(connectionString);
            connectionString = _pooler.ConnectionString;
        }
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("DATABASE_URL", connectionString)
            .UseSetting("DATABASE_BEHIND_POOLER", throughPgBouncer.ToString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WhileTheDatabaseIsDown_Returns503WithRetryAfter_AndRecoversWithin3sOfItsReturn(bool throughPgBouncer)
    {
        var ct = TestContext.Current.CancellationToken;
        await StartAsync(throughPgBouncer);
        var client = _app!.CreateCallerClient();
        // Reads that need the database; the first one is polled for the recovery.
        List<string> reads = ["/api/v1/health"];
        //#if (IncludeSample)
        var (item, _) = await client.CreateItemAsync("survives the outage");
        reads.InsertRange(0, [$"{ItemsClient.Path}/{item.GetProperty("id").GetInt64()}", ItemsClient.Path]);
        //#endif

        await _server!.StopServerAsync();

        foreach (var path in reads)
        {
            var clock = Stopwatch.StartNew();
            var response = await client.GetAsync(path, ct);
            // Directly: a refused connection. Behind PgBouncer: its query_wait_timeout (5 s), for a
            // query queued for a server connection it cannot make.
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(7));
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        }
        //#if (IncludeSample)
        var write = await client.PostJsonAsync("""{"title":"written during the outage"}""");
        await ProblemAssert.IsProblemAsync(write, HttpStatusCode.ServiceUnavailable);
        //#endif
        //#if (IncludeAuth)
        // An instance started during the outage has no key ring yet: a valid token is a 503 there
        // too, not a 401 that would make its client discard the token.
        await using (var fresh = _app!.WithWebHostBuilder(_ => { }))
        {
            var freshClient = fresh.CreateClient();
            freshClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
            await ProblemAssert.IsProblemAsync(await freshClient.GetAsync("/api/v1/auth/manage/info", ct), HttpStatusCode.ServiceUnavailable);
        }
        //#endif
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/health/live", ct)).StatusCode);

        await _server.StartServerAsync();

        // Pooled connections died with the server; each is dropped on first use, then fresh ones serve.
        // Behind PgBouncer the wait is its server_login_retry (1 s here; its default, 15 s, is too long).
        var back = Stopwatch.StartNew();
        var recovered = false;
        while (!recovered && back.Elapsed < TimeSpan.FromSeconds(10))
        {
            var response = await client.GetAsync(reads[0], ct);
            recovered = response.StatusCode == HttpStatusCode.OK;
            if (!recovered)
            {
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            }
        }
        Assert.True(recovered, "the app did not recover after the database came back");
        Assert.InRange(back.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(reads[0], ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/health", ct)).StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_pooler is not null)
        {
            await _pooler.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
