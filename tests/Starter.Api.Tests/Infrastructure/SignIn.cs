using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Starter.Tests.Infrastructure;

/// <summary>The account flow a client goes through, over HTTP: register, then log in for a bearer token.</summary>
public static class SignIn
{
    public const string RegisterPath = "/api/v1/auth/register";
    public const string LoginPath = "/api/v1/auth/login";

    /// <summary>Meets the default password rules (length 8, digit, upper, lower, symbol).</summary>
    public const string Password = "Correct-h0rse";

    public static async Task RegisterAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync(RegisterPath, new { email, password }, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The login answer: <c>accessToken</c>, <c>refreshToken</c>, <c>expiresIn</c>.</summary>
    public static async Task<JsonElement> LogInAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync(LoginPath, new { email, password }, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    public static async Task<string> RegisterAndLogInAsync(HttpClient client, string email, string password)
    {
        await RegisterAsync(client, email, password);
        return (await LogInAsync(client, email, password)).GetProperty("accessToken").GetString()!;
    }
}
