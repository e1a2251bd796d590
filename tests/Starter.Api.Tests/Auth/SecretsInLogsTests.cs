using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Starter.Models;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Auth;

/// <summary>Every account flow, with every log line kept (Trace and up): no password, token or mailed code in any.</summary>
public sealed class SecretsInLogsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AccountFlows_NeverLogPasswordsTokensOrCodes()
    {
        var logs = new CapturedLogs();
        var mail = new CapturedMail();
        using var app = factory.WithWebHostBuilder(b => b
            .ConfigureLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace))
            .ConfigureTestServices(s => s.AddSingleton<IEmailSender<User>>(mail)));
        var client = app.CreateClient();
        var email = $"{Guid.NewGuid():N}@example.com";
        const string newPassword = "Battery-stap1e-9";
        var secrets = new List<string> { SignIn.Password, newPassword, "Wrong-passw0rd-7" };

        await SignIn.RegisterAsync(client, email, SignIn.Password);
        await client.PostAsJsonAsync(SignIn.LoginPath, new { email, password = "Wrong-passw0rd-7" }, Ct);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(mail.ConfirmationPath(email), Ct)).StatusCode);
        var tokens = await SignIn.LogInAsync(client, email, SignIn.Password);
        secrets.Add(tokens.GetProperty("accessToken").GetString()!);
        secrets.Add(tokens.GetProperty("refreshToken").GetString()!);
        var refreshed = await (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        secrets.Add(refreshed.GetProperty("accessToken").GetString()!);
        secrets.Add(refreshed.GetProperty("refreshToken").GetString()!);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", refreshed.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/manage/info", Ct)).StatusCode);
        await client.PostAsJsonAsync("/api/v1/auth/forgotPassword", new { email }, Ct);
        var reset = await client.PostAsJsonAsync("/api/v1/auth/resetPassword", new { email, resetCode = mail.ResetCode(email), newPassword }, Ct);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        secrets.AddRange(mail.Secrets());

        Assert.NotEmpty(logs.Lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(logs.Lines, line => line.Message.Contains(secret, StringComparison.Ordinal));
        }
    }
}
