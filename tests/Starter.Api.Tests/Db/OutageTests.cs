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
/// The database goes away and comes back while the app runs: a server of its own, since stopping the
/// shared one would fail every other test.
/// </summary>
public sealed class OutageTests : IAsyncLifetime
{
    private LocalPostgres? _server;
    private WebApplicationFactory<Program>? _app;

    public async ValueTask InitializeAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "starter-test-postgres", $"{Environment.ProcessId}-outage-{Guid.NewGuid():N}");
        _server = await LocalPostgresProvisioner.StartAsync(new LocalPostgresRequest("tests", folder, Disposable: true), NullLogger.Instance);
        await DatabaseAdmin.CreateIfMissingAsync(_server.ConnectionString, "outage");
        var connectionString = _server.ConnectionStringFor("outage");
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        await using (var db = new AppDbContext(AppDbContextOptions.For(dataSource)))
        {
            await db.Database.MigrateAsync();
        }
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("DATABASE_URL", connectionString));
    }

    [Fact]
    public async Task WhileTheDatabaseIsDown_Returns503WithRetryAfter_AndRecoversWhenItReturns()
    {
        var ct = TestContext.Current.CancellationToken;
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
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(6));
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
        var recovered = false;
        for (var attempt = 0; attempt < 60 && !recovered; attempt++)
        {
            recovered = (await client.GetAsync(reads[0], ct)).StatusCode == HttpStatusCode.OK;
        }
        Assert.True(recovered, "the app did not recover after the database came back");
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
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
