using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Starter.Db;
using Starter.Models;
//#if (IncludeSample)
using Starter.Tests.Api.V1;
//#endif
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Auth;

/// <summary>The account flows over HTTP, as a client goes through them, against the real database.</summary>
public sealed class AuthTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string AccountPath = "/api/v1/auth/manage/info";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TestClock _clock = new();
    private readonly CapturedMail _mail = new();

    //#if (IncludeSample)
    [Fact]
    public async Task RegisterLoginCreateAndRead_OwnItem200_AnotherUsersCalls404()
    {
        using var app = App();
        var ada = app.CreateClient();
        var email = NewEmail();
        var token = await SignIn.RegisterAndLogInAsync(ada, email, SignIn.Password);
        ada.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var (item, etag) = await ada.CreateItemAsync("Ada's");
        var path = $"{ItemsClient.Path}/{item.GetProperty("id").GetInt64()}";
        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync(path, Ct)).StatusCode);
        Assert.Equal(email.ToUpperInvariant(), await factory.ScalarAsync<string>(
            "SELECT u.normalized_email FROM items i JOIN users u ON u.id = i.owner_id WHERE i.id = $1", item.GetProperty("id").GetInt64()));

        var bob = app.CreateUserClient();
        await ProblemAssert.IsProblemAsync(await bob.GetAsync(path, Ct), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await bob.PatchJsonAsync(path, """{"title":"Bob's now"}""", etag), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await bob.DeleteAsync(path, Ct), HttpStatusCode.NotFound);
        var bobsPage = await bob.GetFromJsonAsync<JsonElement>(ItemsClient.Path, Ct);
        Assert.Equal(0, bobsPage.GetProperty("items").GetArrayLength());
        Assert.Equal("Ada's", await factory.ScalarAsync<string>("SELECT title FROM items WHERE id = $1", item.GetProperty("id").GetInt64()));
    }

    //#endif
    [Theory]
    //#if (IncludeSample)
    [InlineData("GET", "/api/v1/items")]
    [InlineData("GET", "/api/v1/items/1")]
    [InlineData("POST", "/api/v1/items")]
    [InlineData("PATCH", "/api/v1/items/1")]
    [InlineData("DELETE", "/api/v1/items/1")]
    //#endif
    [InlineData("GET", AccountPath)]
    [InlineData("POST", "/api/v1/auth/manage/signOutEverywhere")]
    public async Task Protected_WithoutOrWithABadToken_Returns401ProblemWithWwwAuthenticate(string method, string path)
    {
        foreach (var authorization in new[] { null, "Bearer not-a-token", "Basic YWRhOnB3" })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            var response = await factory.CreateClient().SendAsync(request, Ct);

            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("BEARER")]
    public async Task TheSchemeName_IsCaseInsensitive(string scheme)
    {
        var (token, _) = await factory.CreateUserTokenAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, AccountPath);
        request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {token}");

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().SendAsync(request, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/health")]
    [InlineData("/api/v1/health/live")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs/index.html")]
    public async Task Anonymous_RootHealthAndDocs_Answer200(string path) =>
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync(path, Ct)).StatusCode);

    [Fact]
    public async Task Refresh_GivesWorkingTokens_AndAnExpiredAccessTokenIs401()
    {
        using var app = App(("ACCESS_TOKEN_TTL_MINUTES", "5"));
        var (client, email) = await RegisterAsync(app);
        var tokens = await SignIn.LogInAsync(client, email, SignIn.Password);
        Assert.Equal(300, tokens.GetProperty("expiresIn").GetInt64());

        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var expired = await Call(client, tokens, HttpMethod.Get, AccountPath);
        await ProblemAssert.IsProblemAsync(expired, HttpStatusCode.Unauthorized);

        var refreshed = await RefreshAsync(client, tokens);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var fresh = await refreshed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(HttpStatusCode.OK, (await Call(client, fresh, HttpMethod.Get, AccountPath)).StatusCode);
    }

    [Fact]
    public async Task ARefreshToken_WorksOnce_AndAReplayOnAnyInstanceRevokesEveryTokenOfItsLogin()
    {
        using var instanceA = App();
        using var instanceB = App();
        var (client, email) = await RegisterAsync(instanceA);
        var login = await SignIn.LogInAsync(client, email, SignIn.Password);
        var otherLogin = await SignIn.LogInAsync(client, email, SignIn.Password);
        const string Revoked = "SELECT count(*) FROM refresh_token_families WHERE revoked_at IS NOT NULL";
        var revokedBefore = await factory.ScalarAsync<long>(Revoked);

        var first = await RefreshAsync(client, login);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var rotated = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var replay = await RefreshAsync(instanceB.CreateClient(), login);

        var problem = await ProblemAssert.IsProblemAsync(replay, HttpStatusCode.Unauthorized);
        Assert.Equal("Refresh token already used", problem.GetProperty("title").GetString());
        Assert.Equal("Bearer", replay.Headers.WwwAuthenticate.Single().Scheme);
        // The thief's copy and the owner's newer token alike: the whole login is gone.
        await ProblemAssert.IsProblemAsync(await RefreshAsync(instanceB.CreateClient(), rotated), HttpStatusCode.Unauthorized);
        Assert.Equal(revokedBefore + 1, await factory.ScalarAsync<long>(Revoked));
        // Another login of the same account is another family: it goes on.
        var other = await RefreshAsync(instanceB.CreateClient(), otherLogin);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(client, await other.Content.ReadFromJsonAsync<JsonElement>(Ct))).StatusCode);
    }

    [Fact]
    public async Task ConcurrentExchangesOfOneRefreshToken_OneWins_AndTheLoginIsRevoked()
    {
        var (client, email) = await RegisterAsync(factory);
        var login = await SignIn.LogInAsync(client, email, SignIn.Password);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RefreshAsync(factory.CreateClient(), login)));

        var winner = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a != winner), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        var winnersTokens = await winner.Content.ReadFromJsonAsync<JsonElement>(Ct);
        await ProblemAssert.IsProblemAsync(await RefreshAsync(client, winnersTokens), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ExpiredRefreshTokenFamilies_AreDeleted_OthersKept()
    {
        var (expired, kept) = (Guid.NewGuid(), Guid.NewGuid());
        await factory.ScalarAsync<int>(
            "INSERT INTO refresh_token_families (family_id, current_token_id, expires_at) VALUES ($1, $1, now() - interval '1 second'), ($2, $2, now() + interval '1 day') RETURNING 1",
            expired, kept);

        var deleted = await factory.Services.GetRequiredService<ExpiredRowsCleanup>().DeleteExpiredAsync(Ct);

        Assert.True(deleted >= 1);
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM refresh_token_families WHERE family_id = $1", expired));
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT count(*) FROM refresh_token_families WHERE family_id = $1", kept));
    }

    [Fact]
    public async Task Refresh_AfterItsLifetime_Is401()
    {
        using var app = App(("REFRESH_TOKEN_TTL_DAYS", "1"));
        var (client, email) = await RegisterAsync(app);
        var tokens = await SignIn.LogInAsync(client, email, SignIn.Password);

        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        await ProblemAssert.IsProblemAsync(await RefreshAsync(client, tokens), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ChangedPassword_OldRefreshTokensFail_NewPasswordWorks()
    {
        using var app = App();
        var (client, email) = await RegisterAsync(app);
        var tokens = await SignIn.LogInAsync(client, email, SignIn.Password);

        var change = await Call(client, tokens, HttpMethod.Post, "/api/v1/auth/manage/info",
            new { oldPassword = SignIn.Password, newPassword = "Battery-stap1e" });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);

        await ProblemAssert.IsProblemAsync(await RefreshAsync(client, tokens), HttpStatusCode.Unauthorized);
        await LogInFailsAsync(client, email, SignIn.Password);
        await SignIn.LogInAsync(client, email, "Battery-stap1e");
    }

    [Fact]
    public async Task SignOutEverywhere_Returns204_AndEveryEarlierRefreshTokenFails()
    {
        using var app = App();
        var (client, email) = await RegisterAsync(app);
        var laptop = await SignIn.LogInAsync(client, email, SignIn.Password);
        var phone = await SignIn.LogInAsync(client, email, SignIn.Password);

        Assert.Equal(HttpStatusCode.NoContent, (await Call(client, phone, HttpMethod.Post, "/api/v1/auth/manage/signOutEverywhere")).StatusCode);

        await ProblemAssert.IsProblemAsync(await RefreshAsync(client, laptop), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await RefreshAsync(client, phone), HttpStatusCode.Unauthorized);
        var again = await SignIn.LogInAsync(client, email, SignIn.Password);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(client, again)).StatusCode);
    }

    [Fact]
    public async Task Lockout_AfterTheFailedAttempts_EvenTheRightPasswordIsRefused_WithTheSameAnswer()
    {
        using var app = App(("LOCKOUT_MAX_FAILED_ATTEMPTS", "3"));
        var (client, email) = await RegisterAsync(app);

        var wrongPassword = await LogInFailsAsync(client, email, "Wrong-passw0rd");
        await LogInFailsAsync(client, email, "Wrong-passw0rd");
        await LogInFailsAsync(client, email, "Wrong-passw0rd");
        var lockedOut = await LogInFailsAsync(client, email, SignIn.Password);
        var noSuchAccount = await LogInFailsAsync(client, NewEmail(), SignIn.Password);

        Assert.True(await factory.ScalarAsync<bool>("SELECT lockout_end > now() FROM users WHERE normalized_email = $1", email.ToUpperInvariant()));
        // Nothing in the answer tells a guesser which case it was.
        Assert.Equal(wrongPassword.GetProperty("detail").GetString(), lockedOut.GetProperty("detail").GetString());
        Assert.Equal(wrongPassword.GetProperty("detail").GetString(), noSuchAccount.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Login_AskingForACookie_Returns400NamingTheParameter()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login?useCookies=true",
            new { email = NewEmail(), password = SignIn.Password }, Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("useCookies", out _));
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie");
    }

    [Fact]
    public async Task ConfirmationRequired_LoginRefusedUntilTheMailedLinkIsFollowed()
    {
        using var app = App(("REQUIRE_CONFIRMED_EMAIL", "true"));
        var (client, email) = await RegisterAsync(app);

        await LogInFailsAsync(client, email, SignIn.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(_mail.ConfirmationPath(email), Ct)).StatusCode);

        await SignIn.LogInAsync(client, email, SignIn.Password);
        Assert.True(await factory.ScalarAsync<bool>("SELECT email_confirmed FROM users WHERE normalized_email = $1", email.ToUpperInvariant()));
    }

    [Fact]
    public async Task ForgotAndResetPassword_WithTheMailedCode_SetsTheNewPasswordAndEndsSessions()
    {
        using var app = App();
        var (client, email) = await RegisterAsync(app);
        // Identity mails reset codes to confirmed addresses only.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(_mail.ConfirmationPath(email), Ct)).StatusCode);
        var before = await SignIn.LogInAsync(client, email, SignIn.Password);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/auth/forgotPassword", new { email }, Ct)).StatusCode);
        var wrongCode = await client.PostAsJsonAsync("/api/v1/auth/resetPassword",
            new { email, resetCode = "bm90LXRoZS1jb2Rl", newPassword = "Battery-stap1e" }, Ct);
        await ProblemAssert.IsProblemAsync(wrongCode, HttpStatusCode.BadRequest);
        var reset = await client.PostAsJsonAsync("/api/v1/auth/resetPassword",
            new { email, resetCode = _mail.ResetCode(email), newPassword = "Battery-stap1e" }, Ct);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        await SignIn.LogInAsync(client, email, "Battery-stap1e");
        await ProblemAssert.IsProblemAsync(await RefreshAsync(client, before), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ForgotPassword_ForAnAddressNobodyRegistered_AnswersAsForARegisteredOne()
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/forgotPassword", new { email = NewEmail() }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Register_WeakPassword_Returns400NamingTheRule_AndStoresNoUser()
    {
        var email = NewEmail();
        var response = await factory.CreateClient().PostAsJsonAsync(SignIn.RegisterPath, new { email, password = "short" }, Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("passwordTooShort", out _), problem.ToString());
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM users WHERE normalized_email = $1", email.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("emailTooLong", 245)]
    [InlineData("emailTooLong", 2000)]
    public async Task Register_AddressLongerThanItsColumn_Returns400NamingIt_AndStoresNoUser(string error, int localPartLength)
    {
        var email = new string('a', localPartLength) + "@example.com";
        var response = await factory.CreateClient().PostAsJsonAsync(SignIn.RegisterPath, new { email, password = SignIn.Password }, Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(error, out _), problem.ToString());
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM users WHERE length(email) > 256"));
    }

    [Fact]
    public async Task ChangeEmail_NeedsTheCurrentPassword_AndAWrongOneCountsTowardLockout()
    {
        using var app = App();
        var (client, email) = await RegisterAsync(app);
        var tokens = await SignIn.LogInAsync(client, email, SignIn.Password);
        var newEmail = NewEmail();

        var withoutPassword = await Call(client, tokens, HttpMethod.Post, "/api/v1/auth/manage/info", new { newEmail });
        var problem = await ProblemAssert.IsProblemAsync(withoutPassword, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("oldPassword", out _), problem.ToString());
        var wrongPassword = await Call(client, tokens, HttpMethod.Post, "/api/v1/auth/manage/info", new { newEmail, oldPassword = "Wrong-passw0rd" });
        await ProblemAssert.IsProblemAsync(wrongPassword, HttpStatusCode.BadRequest);
        Assert.Equal(1, await factory.ScalarAsync<int>("SELECT access_failed_count FROM users WHERE normalized_email = $1", email.ToUpperInvariant()));
        Assert.Throws<InvalidOperationException>(() => _mail.ConfirmationPath(newEmail));

        var withPassword = await Call(client, tokens, HttpMethod.Post, "/api/v1/auth/manage/info", new { newEmail, oldPassword = SignIn.Password });
        Assert.Equal(HttpStatusCode.OK, withPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(_mail.ConfirmationPath(newEmail), Ct)).StatusCode);
        await SignIn.LogInAsync(client, newEmail, SignIn.Password);
    }

    [Fact]
    public async Task AnswersCarryingTokensOrSecrets_AndTheirErrors_AreNoStore()
    {
        var (client, email) = await RegisterAsync(factory);
        var login = await client.PostAsJsonAsync(SignIn.LoginPath, new { email, password = SignIn.Password }, Ct);
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var refresh = await RefreshAsync(client, tokens);
        var twoFactor = await Call(client, tokens, HttpMethod.Post, "/api/v1/auth/manage/2fa", new { });
        var failedLogin = await client.PostAsJsonAsync(SignIn.LoginPath, new { email, password = "Wrong-passw0rd" }, Ct);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, twoFactor.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, failedLogin.StatusCode);
        foreach (var response in new[] { login, refresh, twoFactor, failedLogin })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage?.RequestUri}: Cache-Control '{response.Headers.CacheControl}'");
        }
    }

    [Fact]
    public async Task Login_TakesAsLongForAnUnknownAddress_AsForARegisteredOneWithAWrongPassword()
    {
        // No lockout during the run: every wrong password below is checked as the first would be.
        using var app = App(("LOCKOUT_MAX_FAILED_ATTEMPTS", "100"));
        var (client, registered) = await RegisterAsync(app);
        var unknown = NewEmail();
        await LogInFailsAsync(client, unknown, "Wrong-passw0rd"); // the first call makes the comparison hash
        List<double> unknownMs = [], registeredMs = [];

        // Interleaved, so a busier moment of the machine weighs on both alike.
        for (var i = 0; i < 9; i++)
        {
            unknownMs.Add(await TimedAsync(() => LogInFailsAsync(client, unknown, "Wrong-passw0rd")));
            registeredMs.Add(await TimedAsync(() => LogInFailsAsync(client, registered, "Wrong-passw0rd")));
        }

        var (a, b) = (Median(unknownMs), Median(registeredMs));
        TestContext.Current.TestOutputHelper?.WriteLine($"median login: unknown address {a:F1} ms, registered address {b:F1} ms");
        Assert.True(Math.Max(a, b) < 2 * Math.Min(a, b), $"median login: unknown address {a:F1} ms, registered address {b:F1} ms");
    }

    [Fact]
    public async Task Register_APasswordOverTheMaximum_Returns400NamingIt_AndStoresNoUser()
    {
        var email = NewEmail();
        var longest = "Aa1!" + new string('x', 124);

        var tooLong = await factory.CreateClient().PostAsJsonAsync(SignIn.RegisterPath, new { email, password = longest + "x" }, Ct);

        var problem = await ProblemAssert.IsProblemAsync(tooLong, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("passwordTooLong", out _), problem.ToString());
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM users WHERE normalized_email = $1", email.ToUpperInvariant()));
        await SignIn.RegisterAsync(factory.CreateClient(), email, longest);
    }

    [Theory]
    [InlineData("caf\u00e9", "cafe\u0301")]
    [InlineData("\u212Aelvin", "Kelvin")]
    [InlineData("\uFF41dam", "ADAM")]
    public async Task Register_TheSameAddressInAnotherUnicodeForm_IsTaken_AndLogsIntoTheSameAccount(string first, string second)
    {
        var domain = $"{Guid.NewGuid():N}.example.com";
        await SignIn.RegisterAsync(factory.CreateClient(), $"{first}@{domain}", SignIn.Password);

        var again = await factory.CreateClient().PostAsJsonAsync(SignIn.RegisterPath, new { email = $"{second}@{domain}", password = SignIn.Password }, Ct);

        var problem = await ProblemAssert.IsProblemAsync(again, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("duplicateUserName", out _), problem.ToString());
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT count(*) FROM users WHERE email LIKE $1", $"%@{domain}"));
        await SignIn.LogInAsync(factory.CreateClient(), $"{second}@{domain}", SignIn.Password);
    }

    [Fact]
    public async Task Register_AnAddressWithAnApostrophe_IsAccepted()
    {
        var email = $"o'brien.{Guid.NewGuid():N}@example.com";
        await SignIn.RegisterAsync(factory.CreateClient(), email, SignIn.Password);
        await SignIn.LogInAsync(factory.CreateClient(), email, SignIn.Password);
    }

    [Fact]
    public async Task Register_WithoutAPassword_Returns400NamingIt()
    {
        var response = await factory.CreateClient().PostAsJsonAsync(SignIn.RegisterPath, new { email = NewEmail() }, Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _), problem.ToString());
    }

    private WebApplicationFactory<Program> App(params (string Key, string Value)[] settings) =>
        factory.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureTestServices(services => services
                .AddSingleton<TimeProvider>(_clock)
                .AddSingleton<IEmailSender<User>>(_mail));
        });

    /// <summary>A client of <paramref name="app"/> and the address of an account it just registered (password <see cref="SignIn.Password"/>).</summary>
    private static async Task<(HttpClient Client, string Email)> RegisterAsync(WebApplicationFactory<Program> app)
    {
        var client = app.CreateClient();
        var email = NewEmail();
        await SignIn.RegisterAsync(client, email, SignIn.Password);
        return (client, email);
    }

    private static string NewEmail() => $"{Guid.NewGuid():N}@example.com";

    private static async Task<double> TimedAsync(Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static Task<HttpResponseMessage> RefreshAsync(HttpClient client, JsonElement tokens) =>
        client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() }, Ct);

    private static async Task<JsonElement> LogInFailsAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync(SignIn.LoginPath, new { email, password }, Ct);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        return problem;
    }

    private static Task<HttpResponseMessage> Call(HttpClient client, JsonElement tokens, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return client.SendAsync(request, Ct);
    }
}
