using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Auth;

/// <summary>
/// Tokens outlive the process that issued them and work on every instance: the key ring that
/// protects them is in PostgreSQL. Real app processes (Production) over one database.
/// </summary>
public sealed class SharedKeysTests(TestDatabaseServer server) : IAsyncDisposable
{
    // A protected read that every project with accounts has, with or without other resources.
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

    [Fact]
    public async Task WithACertificate_KeysAreStoredEncryptedToIt_AndWithoutOne_ProductionSaysSoOnceAtStart()
    {
        var ct = TestContext.Current.CancellationToken;
        _database = await server.CreateDatabaseAsync();
        var connectionString = server.ConnectionStringFor(_database);
        var folder = Directory.CreateTempSubdirectory("key-ring-");
        var pfx = Path.Combine(folder.FullName, "key-ring.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Starter key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-password"), ct);
        }
        var withCertificate = new Dictionary<string, string>
        {
            ["DATA_PROTECTION_CERTIFICATE_PATH"] = pfx,
            ["DATA_PROTECTION_CERTIFICATE_PASSWORD"] = "pfx-password",
        };
        try
        {
            string token;
            using (var a = await RunningApp.StartAsync(connectionString, withCertificate))
            {
                using var clientA = new HttpClient { BaseAddress = a.Address };
                token = await SignIn.RegisterAndLogInAsync(clientA, "key-ring@example.com", SignIn.Password);
                Assert.DoesNotContain(a.Output, line => line.Contains("DATA_PROTECTION_CERTIFICATE_PATH", StringComparison.Ordinal));
            }

            var keys = await Sql.ScalarAsync<string>(connectionString, "SELECT string_agg(xml, '') FROM data_protection_keys");
            Assert.Contains("<encryptedSecret", keys, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", keys, StringComparison.Ordinal);
            // Another process with the certificate reads the key back, and so the token.
            using (var b = await RunningApp.StartAsync(connectionString, withCertificate))
            {
                using var clientB = new HttpClient { BaseAddress = b.Address };
                clientB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                Assert.Equal(HttpStatusCode.OK, (await clientB.GetAsync(AccountPath, ct)).StatusCode);
            }
            using var plain = await RunningApp.StartAsync(connectionString);
            Assert.Single(plain.Output, line => line.Contains("Set DATA_PROTECTION_CERTIFICATE_PATH", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
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
