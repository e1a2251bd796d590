using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Db;

/// <summary>
/// The server answers but refuses the app's login (a role or password a deploy's secret names before
/// the database has it): the database is unavailable to this app, a 503 problem, not a 500.
/// </summary>
public sealed class RefusedLoginTests(TestDatabaseServer server) : IAsyncDisposable
{
    private WebApplicationFactory<Program>? _app;

    [Fact]
    public async Task ARefusedLogin_Is503WithRetryAfter_OnReadinessAndOnRequestsThatNeedTheDatabase()
    {
        var ct = TestContext.Current.CancellationToken;
        // A role the server does not have: refused under any authentication method, trust included.
        var wrong = new NpgsqlConnectionStringBuilder(server.ConnectionStringFor("postgres")) { Username = $"nobody_{Guid.NewGuid():N}" };
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("DATABASE_URL", wrong.ConnectionString));
        var client = _app.CreateClient();
        List<HttpRequestMessage> requests = [new(HttpMethod.Get, "/api/v1/health")];
#if (IncludeAuth)
        requests.Add(new(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = new StringContent("""{"email":"a@example.com","password":"Passw0rd!"}""", System.Text.Encoding.UTF8, "application/json"),
        });
#elif (IncludeSample)
        requests.Add(new(HttpMethod.Get, "/api/v1/items"));
#endif

        foreach (var request in requests)
        {
            var response = await client.SendAsync(request, ct);
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/health/live", ct)).StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
