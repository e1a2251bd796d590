using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Auth;

/// <summary>The stricter per-client limit on the endpoints that check a password or send mail.</summary>
public sealed class SignInLimitTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/auth/login")]
    [InlineData("/api/v1/auth/register")]
    [InlineData("/api/v1/auth/forgotPassword")]
    [InlineData("/api/v1/auth/resetPassword")]
    [InlineData("/api/v1/auth/resendConfirmationEmail")]
    public async Task OverTheLimit_Returns429ProblemWithRetryAfter_AndStoresNothing(string path)
    {
        using var app = factory.WithWebHostBuilder(b => b.UseSetting("AUTH_RATE_LIMIT_PER_MINUTE", "3"));
        var client = app.CreateClient();
        var body = new { email = $"{Guid.NewGuid():N}@example.com", password = SignIn.Password, resetCode = "x", newPassword = SignIn.Password };
        for (var i = 0; i < 3; i++)
        {
            var allowed = await client.PostAsJsonAsync(path, body, Ct);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }
        var users = await factory.ScalarAsync<long>("SELECT count(*) FROM users");

        var refused = await client.PostAsJsonAsync(path, body with { }, Ct);

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal(users, await factory.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task TheSignInLimit_DoesNotCountOtherEndpoints()
    {
        using var app = factory.WithWebHostBuilder(b => b.UseSetting("AUTH_RATE_LIMIT_PER_MINUTE", "1"));
        var client = app.CreateUserClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/manage/info", Ct)).StatusCode);
        }
    }
}
