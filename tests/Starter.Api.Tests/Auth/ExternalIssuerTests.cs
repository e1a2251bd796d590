using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Starter.Tests.Api.V1;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Auth;

/// <summary>
/// The app set up for an outside OpenID Connect issuer (<c>AUTH_AUTHORITY</c>, <c>AUTH_AUDIENCE</c>):
/// each test serves its own issuer (discovery document and JWKS) on 127.0.0.1, mints JWTs with its key,
/// and calls the app over HTTP against the class's real database.
/// </summary>
public sealed class ExternalIssuerTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private const string Audience = "starter-api";

    private TestIssuer? _issuer;
    private WebApplicationFactory<Program>? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestIssuer Issuer => _issuer ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        _issuer = await TestIssuer.StartAsync(Ct);
        _app = AppFor(_issuer);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
    }

    [Fact]
    public async Task ValidToken_CreatesAndReadsAnItemOwnedByALocalUserLinkedToTheSubject()
    {
        var usersBefore = await CountUsersAsync();
        var client = ClientWith(Issuer.Token("user-123"));

        var (created, etag) = await client.CreateItemAsync("From the issuer");
        var id = created.GetProperty("id").GetInt64();
        var read = await client.GetAsync($"{ItemsClient.Path}/{id}", Ct);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(etag, read.Headers.ETag?.ToString());
        var item = await read.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("From the issuer", item.GetProperty("title").GetString());
        Assert.Equal(usersBefore + 1, await CountUsersAsync());
        Assert.Equal(1L, await factory.ScalarAsync<long>(
            "SELECT count(*) FROM user_logins WHERE login_provider = $1", Issuer.Url));
        var userId = await LinkedUserAsync("user-123");
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = $1", userId));
        Assert.Equal(userId, await factory.ScalarAsync<Guid>("SELECT owner_id FROM items WHERE id = $1", id));
    }

    [Fact]
    public async Task AnotherTokenForTheSameSubject_ReusesTheSameUser()
    {
        var (first, _) = await ClientWith(Issuer.Token("user-123")).CreateItemAsync("First");
        var usersAfterFirst = await CountUsersAsync();
        var second = ClientWith(Issuer.Token("user-123"));

        var (other, _) = await second.CreateItemAsync("Second");
        var list = await second.GetAsync(ItemsClient.Path, Ct);

        Assert.Equal(usersAfterFirst, await CountUsersAsync());
        var userId = await LinkedUserAsync("user-123");
        Assert.Equal(userId, await OwnerOfAsync(first));
        Assert.Equal(userId, await OwnerOfAsync(other));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var page = await list.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(
            [first.GetProperty("id").GetInt64(), other.GetProperty("id").GetInt64()],
            page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task SameSubjectOnAFreshAppInstance_FindsTheLinkedUserInTheDatabase()
    {
        var (first, _) = await ClientWith(Issuer.Token("user-123")).CreateItemAsync("Before the restart");
        var usersAfterFirst = await CountUsersAsync();
        // A second instance has an empty cache: it must find the link in user_logins, not make a new user.
        await using var restarted = AppFor(Issuer);
        var client = restarted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Issuer.Token("user-123"));

        var read = await client.GetAsync($"{ItemsClient.Path}/{first.GetProperty("id").GetInt64()}", Ct);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(usersAfterFirst, await CountUsersAsync());
        Assert.Equal(1L, await factory.ScalarAsync<long>(
            "SELECT count(*) FROM user_logins WHERE login_provider = $1", Issuer.Url));
    }

    [Theory]
    // IdentityModel leaves the rejected audience out of its exception, so the description names none.
    [InlineData("wrong audience", "The audience ")]
    [InlineData("expired", "The token expired at")]
    [InlineData("bad signature", "The signature is invalid")]
    public async Task RejectedToken_Returns401ProblemWithWwwAuthenticate_AndCreatesNoUser(string flaw, string reason)
    {
        using var otherKey = RSA.Create(2048);
        var token = flaw switch
        {
            "wrong audience" => Issuer.Token("user-123", audience: "someone-else"),
            // Past the default five minutes of clock skew.
            "expired" => Issuer.Token("user-123", expires: DateTime.UtcNow.AddMinutes(-30)),
            "bad signature" => Issuer.Token("user-123", signWith: otherKey),
            _ => throw new ArgumentOutOfRangeException(nameof(flaw), flaw, null),
        };
        var usersBefore = await CountUsersAsync();
        var itemsBefore = await factory.ScalarAsync<long>("SELECT count(*) FROM items");
        var client = ClientWith(token);

        var post = await client.PostAsJsonAsync(ItemsClient.Path, new { title = "Should not exist" }, Ct);
        var list = await client.GetAsync(ItemsClient.Path, Ct);

        foreach (var response in (HttpResponseMessage[])[post, list])
        {
            await AssertInvalidTokenAsync(response, $"error_description=\"{reason}");
        }
        Assert.Equal(usersBefore, await CountUsersAsync());
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM user_logins WHERE login_provider = $1", Issuer.Url));
        Assert.Equal(itemsBefore, await factory.ScalarAsync<long>("SELECT count(*) FROM items"));
    }

    [Fact]
    public async Task TokenWithoutSubject_Returns401AndCreatesNoUser()
    {
        var usersBefore = await CountUsersAsync();

        var response = await ClientWith(Issuer.Token(subject: null)).GetAsync(ItemsClient.Path, Ct);

        // Signed and for this API, but with no subject to map to a local user: a rejected token, not a server error.
        await AssertInvalidTokenAsync(response, "");
        Assert.Equal(usersBefore, await CountUsersAsync());
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM user_logins WHERE login_provider = $1", Issuer.Url));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ATokenNamingAnotherLocalUser_InItsOwnClaims_ActsOnlyAsItsSubject(bool validGuid)
    {
        var (victimsItem, _) = await ClientWith(Issuer.Token("victim")).CreateItemAsync("The victim's");
        var victim = await LinkedUserAsync("victim");
        var claimed = validGuid ? victim.ToString() : "not-a-guid";
        // Really signed by the issuer, for "mallory", and carrying the claims this app's own tokens use.
        var mallory = ClientWith(Issuer.Token("mallory", extraClaims: new()
        {
            [ClaimTypes.NameIdentifier] = claimed,
            [ClaimTypes.Role] = "admin",
            ["AspNet.Identity.SecurityStamp"] = "x",
        }));

        var get = await mallory.GetAsync($"{ItemsClient.Path}/{victimsItem.GetProperty("id").GetInt64()}", Ct);
        var list = await mallory.GetAsync(ItemsClient.Path, Ct);
        var (own, _) = await mallory.CreateItemAsync("Mallory's");

        await ProblemAssert.IsProblemAsync(get, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Empty((await list.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("items").EnumerateArray());
        Assert.Equal(await LinkedUserAsync("mallory"), await OwnerOfAsync(own));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(-1)]
    public async Task ASubjectThatIsNoOpenIdSubject_Is401_AndCreatesNoUser(int length)
    {
        var usersBefore = await CountUsersAsync();
        // Over the 255 characters OpenID Connect allows, or holding a control character.
        var subject = length > 0 ? new string('s', length) : "bad\u0000subject";

        var response = await ClientWith(Issuer.Token(subject)).GetAsync(ItemsClient.Path, Ct);

        await AssertInvalidTokenAsync(response, "");
        Assert.Equal(usersBefore, await CountUsersAsync());
    }

    [Fact]
    public async Task TwoSubjects_DoNotSeeEachOthersItems()
    {
        var alice = ClientWith(Issuer.Token("alice"));
        var bob = ClientWith(Issuer.Token("bob"));
        var (created, _) = await alice.CreateItemAsync("Alice's");
        var path = $"{ItemsClient.Path}/{created.GetProperty("id").GetInt64()}";

        var get = await bob.GetAsync(path, Ct);
        var patch = await bob.PatchJsonAsync(path, """{"title":"Bob's now"}""");
        var delete = await bob.DeleteAsync(path, Ct);
        var bobsList = await bob.GetAsync(ItemsClient.Path, Ct);
        var alicesGet = await alice.GetAsync(path, Ct);

        await ProblemAssert.IsProblemAsync(get, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(patch, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(delete, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, bobsList.StatusCode);
        var bobsPage = await bobsList.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Empty(bobsPage.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, alicesGet.StatusCode);
        Assert.Equal("Alice's", await factory.ScalarAsync<string>(
            "SELECT title FROM items WHERE id = $1", created.GetProperty("id").GetInt64()));
        Assert.NotEqual(await LinkedUserAsync("alice"), await LinkedUserAsync("bob"));
        Assert.Equal(await LinkedUserAsync("alice"), await OwnerOfAsync(created));
    }

    [Fact]
    public async Task OwnTokens_StillWorkBesideTheIssuers()
    {
        var client = _app!.CreateClient();
        var email = $"own-{Guid.NewGuid():N}@example.com";
        var register = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "Passw0rd!" }, Ct);
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Passw0rd!" }, Ct);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var accessToken = (await login.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()!;
        var own = ClientWith(accessToken);

        var list = await own.GetAsync(ItemsClient.Path, Ct);
        var (created, _) = await own.CreateItemAsync("Mine, by password");
        var fromIssuer = await ClientWith(Issuer.Token("user-123")).GetAsync(
            $"{ItemsClient.Path}/{created.GetProperty("id").GetInt64()}", Ct);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var page = await list.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(
            await factory.ScalarAsync<Guid>("SELECT id FROM users WHERE normalized_email = $1", email.ToUpperInvariant()),
            await OwnerOfAsync(created));
        await ProblemAssert.IsProblemAsync(fromIssuer, HttpStatusCode.NotFound);
    }

    private WebApplicationFactory<Program> AppFor(TestIssuer issuer) => factory.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("AUTH_AUTHORITY", issuer.Url);
        builder.UseSetting("AUTH_AUDIENCE", Audience);
    });

    private HttpClient ClientWith(string token)
    {
        var client = _app!.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task AssertInvalidTokenAsync(HttpResponseMessage response, string detail)
    {
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.StartsWith("error=\"invalid_token\"", challenge.Parameter);
        Assert.Contains(detail, challenge.Parameter);
    }

    private Task<long> CountUsersAsync() => factory.ScalarAsync<long>("SELECT count(*) FROM users");

    private Task<Guid> LinkedUserAsync(string subject) => factory.ScalarAsync<Guid>(
        "SELECT user_id FROM user_logins WHERE login_provider = $1 AND provider_key = $2", Issuer.Url, subject);

    private Task<Guid> OwnerOfAsync(JsonElement item) =>
        factory.ScalarAsync<Guid>("SELECT owner_id FROM items WHERE id = $1", item.GetProperty("id").GetInt64());

    /// <summary>
    /// A stand-in OpenID Connect issuer on 127.0.0.1 (a free port): its discovery document, its JWKS
    /// with one RSA key, and JWTs signed with that key.
    /// </summary>
    private sealed class TestIssuer : IAsyncDisposable
    {
        private const string KeyId = "test-key";
        private const string JwksPath = "/jwks";

        private readonly RSA _key = RSA.Create(2048);
        private readonly WebApplication _server;

        private TestIssuer(WebApplication server) => _server = server;

        /// <summary>The issuer (<c>iss</c>) and authority: http://127.0.0.1:port, no trailing slash.</summary>
        public string Url { get; private set; } = "";

        public static async Task<TestIssuer> StartAsync(CancellationToken ct)
        {
            // The empty builder reads no settings (ASPNETCORE_URLS, appsettings.json): only the port below.
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var issuer = new TestIssuer(builder.Build());
            issuer._server.Run(issuer.ServeAsync);
            await issuer._server.StartAsync(ct);
            issuer.Url = issuer._server.Urls.Single().TrimEnd('/');
            return issuer;
        }

        /// <summary>A JWT for <paramref name="subject"/> (none if null), valid unless an argument says otherwise.</summary>
        public string Token(string? subject, string audience = Audience, DateTime? expires = null, RSA? signWith = null,
            Dictionary<string, object>? extraClaims = null)
        {
            var expiry = expires ?? DateTime.UtcNow.AddMinutes(5);
            var claims = new Dictionary<string, object>(extraClaims ?? []) { ["jti"] = Guid.NewGuid().ToString() };
            if (subject is not null)
            {
                claims["sub"] = subject;
            }
            return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Url,
                Audience = audience,
                Claims = claims,
                IssuedAt = expiry.AddHours(-1),
                NotBefore = expiry.AddHours(-1),
                Expires = expiry,
                SigningCredentials = new SigningCredentials(
                    new RsaSecurityKey(signWith ?? _key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
            });
        }

        private Task ServeAsync(HttpContext context)
        {
            JsonObject? document = context.Request.Path.Value switch
            {
                "/.well-known/openid-configuration" => new JsonObject
                {
                    ["issuer"] = Url,
                    ["jwks_uri"] = Url + JwksPath,
                    ["response_types_supported"] = new JsonArray("code"),
                    ["subject_types_supported"] = new JsonArray("public"),
                    ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                },
                JwksPath => new JsonObject { ["keys"] = new JsonArray(PublicKey()) },
                _ => null,
            };
            if (document is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(document.ToJsonString(), context.RequestAborted);
        }

        private JsonObject PublicKey()
        {
            var parameters = _key.ExportParameters(includePrivateParameters: false);
            return new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
        }

        public async ValueTask DisposeAsync()
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
            _key.Dispose();
        }
    }
}
