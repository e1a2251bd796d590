using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Auth;

/// <summary>
/// Tokens outlive the process that issued them and work on every instance: the key ring that
/// protects them is in PostgreSQL. Real app processes (Production) over one database.
/// </summary>
public sealed class SharedKeysTests(TestDatabaseServer server) : IAsyncDisposable
{
    // A protected read that every variant of the template has.
    private const string AccountPath = "/api/v1/auth/manage/info";

    private string? _database;

    [Fact]
    public async Task TokensFromProcessA_WorkOnProcessB_AndAfterARestart()
    {
        var ct = TestContext.Current.CancellationToken;
        _database = await server.CreateDatabaseAsync();
        var connectionString = server.ConnectionStringFor(_database);
        const string email = "shared-keys@example.com";

        string accessToken, refreshToken;
        using (var a = await RunningApp.StartAsync(connectionString))
        using (var b = await RunningApp.StartAsync(connectionString))
        {
            using var clientA = new HttpClient { BaseAddress = a.Address };
            using var clientB = new HttpClient { BaseAddress = b.Address };
            await SignIn.RegisterAsync(clientA, email, SignIn.Password);
            var tokens = await SignIn.LogInAsync(clientA, email, SignIn.Password);
            (accessToken, refreshToken) = (tokens.GetProperty("accessToken").GetString()!, tokens.GetProperty("refreshToken").GetString()!);
            clientA.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            clientB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

            Assert.Equal(HttpStatusCode.OK, (await clientB.GetAsync(AccountPath, ct)).StatusCode);
            Assert.Equal(1L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM data_protection_keys"));
        }

        using var c = await RunningApp.StartAsync(connectionString);
        using var clientC = new HttpClient { BaseAddress = c.Address };
        clientC.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        Assert.Equal(HttpStatusCode.OK, (await clientC.GetAsync(AccountPath, ct)).StatusCode);
        var refreshed = await clientC.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken }, ct);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }

    [Fact]
    public async Task TwoFreshProcesses_IssuingTheirFirstTokensAtOnce_AcceptEachOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        _database = await server.CreateDatabaseAsync();
        var connectionString = server.ConnectionStringFor(_database);
        using var a = await RunningApp.StartAsync(connectionString);
        using var b = await RunningApp.StartAsync(connectionString);
        using var clientA = new HttpClient { BaseAddress = a.Address };
        using var clientB = new HttpClient { BaseAddress = b.Address };

        // Neither has a key yet: each may make one as it protects its first token.
        var tokens = await Task.WhenAll(
            SignIn.RegisterAndLogInAsync(clientA, "first-on-a@example.com", SignIn.Password),
            SignIn.RegisterAndLogInAsync(clientB, "first-on-b@example.com", SignIn.Password));

        foreach (var (client, token) in new[] { (clientB, tokens[0]), (clientA, tokens[1]) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, AccountPath);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request, ct)).StatusCode);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await server.DropDatabaseAsync(_database);
        }
    }
}
