using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.V1;

public sealed class HealthTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Get_Health_WithDatabaseUp_Returns200()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await factory.CreateClient().GetAsync("/api/v1/health", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("database").GetString());
    }

    [Fact]
    public async Task Get_Health_WithNothingListening_Returns503Problem()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        await AssertUnavailableAsync($"postgresql://u:p@127.0.0.1:{port}/db");
    }

    [Fact]
    public async Task Get_Health_WithServerThatNeverAnswers_Returns503WithinTheTimeout()
    {
        // Accepts TCP connections (the kernel's backlog does) and never says a word.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var elapsed = await AssertUnavailableAsync($"postgresql://u:p@127.0.0.1:{port}/db");

        Assert.InRange(elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Get_Liveness_WithoutADatabase_Returns200()
    {
        using var app = factory.WithWebHostBuilder(b => b.UseSetting("DATABASE_URL", "postgresql://u:p@127.0.0.1:1/db"));

        var response = await app.CreateClient().GetAsync("/api/v1/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private async Task<TimeSpan> AssertUnavailableAsync(string databaseUrl)
    {
        using var app = factory.WithWebHostBuilder(b => b.UseSetting("DATABASE_URL", databaseUrl));
        var client = app.CreateClient();

        var clock = Stopwatch.StartNew();
        var response = await client.GetAsync("/api/v1/health", TestContext.Current.CancellationToken);
        clock.Stop();

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Database unavailable", problem.GetProperty("title").GetString());
        Assert.Equal("5", response.Headers.GetValues("Retry-After").Single());
        return clock.Elapsed;
    }
}
