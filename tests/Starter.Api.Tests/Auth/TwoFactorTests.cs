using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Auth;

/// <summary>
/// Two-factor authentication with an authenticator app, through Identity's endpoints and bearer
/// tokens only (no cookie remembers the second factor): turn it on with a code, then log in with one.
/// </summary>
public sealed class TwoFactorTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnabledWithAnAuthenticatorCode_LoginNeedsACodeToo_AndTurningItOffNeedsOne()
    {
        var client = factory.CreateClient();
        var email = $"{Guid.NewGuid():N}@example.com";
        var token = await SignIn.RegisterAndLogInAsync(client, email, SignIn.Password);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var state = await (await client.PostAsJsonAsync("/api/v1/auth/manage/2fa", new { }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var sharedKey = state.GetProperty("sharedKey").GetString()!;
        var enabled = await client.PostAsJsonAsync("/api/v1/auth/manage/2fa", new { enable = true, twoFactorCode = Totp(sharedKey) }, Ct);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.True((await enabled.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("isTwoFactorEnabled").GetBoolean());
        client.DefaultRequestHeaders.Authorization = null;

        var withoutCode = await client.PostAsJsonAsync(SignIn.LoginPath, new { email, password = SignIn.Password }, Ct);
        await ProblemAssert.IsProblemAsync(withoutCode, HttpStatusCode.Unauthorized);
        var withCode = await client.PostAsJsonAsync(SignIn.LoginPath, new { email, password = SignIn.Password, twoFactorCode = Totp(sharedKey) }, Ct);
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);

        // A token alone cannot turn it off: that takes a current code too.
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var change in new object[] { new { enable = false }, new { resetSharedKey = true }, new { resetRecoveryCodes = true } })
        {
            var refused = await client.PostAsJsonAsync("/api/v1/auth/manage/2fa", change, Ct);
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("twoFactorCode", out _), problem.ToString());
        }
        var off = await client.PostAsJsonAsync("/api/v1/auth/manage/2fa", new { enable = false, twoFactorCode = Totp(sharedKey) }, Ct);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.False((await off.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("isTwoFactorEnabled").GetBoolean());
    }

    [Fact]
    public async Task TheAuthenticatorKeyAndRecoveryCodes_AreStoredProtected_AndStillWork()
    {
        var client = factory.CreateClient();
        var email = $"{Guid.NewGuid():N}@example.com";
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignIn.RegisterAndLogInAsync(client, email, SignIn.Password));
        var sharedKey = (await (await client.PostAsJsonAsync("/api/v1/auth/manage/2fa", new { }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("sharedKey").GetString()!;
        var enabled = await (await client.PostAsJsonAsync("/api/v1/auth/manage/2fa", new { enable = true, twoFactorCode = Totp(sharedKey) }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var recoveryCodes = enabled.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        client.DefaultRequestHeaders.Authorization = null;

        var stored = await factory.ScalarAsync<string>(
            "SELECT string_agg(value, ' ') FROM user_tokens t JOIN users u ON u.id = t.user_id WHERE u.normalized_email = $1", email.ToUpperInvariant());
        // The key is shown grouped and lower-case; what is stored would be the plain base32.
        Assert.DoesNotContain(sharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(), stored.ToUpperInvariant(), StringComparison.Ordinal);
        Assert.All(recoveryCodes, code => Assert.DoesNotContain(code, stored, StringComparison.Ordinal));

        var withCode = await client.PostAsJsonAsync(SignIn.LoginPath, new { email, password = SignIn.Password, twoFactorCode = Totp(sharedKey) }, Ct);
        Assert.Equal(HttpStatusCode.OK, withCode.StatusCode);
        var withRecovery = await client.PostAsJsonAsync(SignIn.LoginPath, new { email, password = SignIn.Password, twoFactorRecoveryCode = recoveryCodes[0] }, Ct);
        Assert.Equal(HttpStatusCode.OK, withRecovery.StatusCode);
        var again = await client.PostAsJsonAsync(SignIn.LoginPath, new { email, password = SignIn.Password, twoFactorRecoveryCode = recoveryCodes[0] }, Ct);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AStolenAccessToken_CannotReadTheAuthenticatorKeyOrTurnTwoFactorOn_OnlyAFreshLoginCan()
    {
        var clock = new TestClock();
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var client = app.CreateClient();
        var email = $"{Guid.NewGuid():N}@example.com";
        await SignIn.RegisterAsync(client, email, SignIn.Password);
        var login = await SignIn.LogInAsync(client, email, SignIn.Password);
        var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() }, Ct);
        var refreshedToken = (await refreshed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()!;
        var (minted, _) = await app.CreateUserTokenAsync();

        // A token that does not come from a login of the last 10 minutes: one minted without a login,
        // one from a refresh, and the login's own once 10 minutes have passed.
        foreach (var token in new[] { minted, refreshedToken })
        {
            await AssertFreshLoginRequiredAsync(await TwoFactorAsync(client, token, new { }));
            await AssertFreshLoginRequiredAsync(await TwoFactorAsync(client, token, new { enable = true, twoFactorCode = "000000" }));
        }
        var fresh = login.GetProperty("accessToken").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await TwoFactorAsync(client, fresh, new { })).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        await AssertFreshLoginRequiredAsync(await TwoFactorAsync(client, fresh, new { }));
        Assert.Equal(HttpStatusCode.OK, (await TwoFactorAsync(client, (await SignIn.LogInAsync(client, email, SignIn.Password)).GetProperty("accessToken").GetString()!, new { })).StatusCode);
    }

    private static Task<HttpResponseMessage> TwoFactorAsync(HttpClient client, string token, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/manage/2fa") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request, Ct);
    }

    private static async Task AssertFreshLoginRequiredAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Fresh login required", problem.GetProperty("title").GetString());
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"insufficient_user_authentication\"", challenge.Parameter);
        Assert.Contains("max_age=600", challenge.Parameter);
    }

    [Fact]
    public async Task ConcurrentFirstReadsOfTheState_Are200Each_WithOneAuthenticatorKey()
    {
        var client = factory.CreateClient();
        var email = $"{Guid.NewGuid():N}@example.com";
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignIn.RegisterAndLogInAsync(client, email, SignIn.Password));
        var userId = await factory.ScalarAsync<Guid>("SELECT id FROM users WHERE normalized_email = $1", email.ToUpperInvariant());

        // A fresh account has no key yet: each of these would make one, and all but one used to be a 409.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsJsonAsync("/api/v1/auth/manage/2fa", new { }, Ct)));

        var keys = new HashSet<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            keys.Add((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("sharedKey").GetString()!);
        }
        Assert.Single(keys);
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT count(*) FROM user_tokens WHERE user_id = $1 AND name = 'AuthenticatorKey'", userId));
    }

    /// <summary>The current six-digit code of an authenticator app for <paramref name="base32Key"/> (RFC 6238: HMAC-SHA1, 30 s).</summary>
    private static string Totp(string base32Key)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(base32Key.TrimEnd('=').ToUpperInvariant().Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
        var key = Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
        var counter = BitConverter.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }
#pragma warning disable CA5350 // RFC 6238's algorithm, as authenticator apps compute it.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var code = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (code % 1_000_000).ToString("D6");
    }
}
