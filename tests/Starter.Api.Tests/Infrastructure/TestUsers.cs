using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Starter.Auth;
using Starter.Models;

namespace Starter.Tests.Infrastructure;

/// <summary>
/// Signed-in clients without the cost of a password: a new <c>users</c> row, and an access token
/// made by the app's own bearer-token protector, so the real authentication checks it on every call.
/// The sign-in flow itself is tested over HTTP in <c>AuthTests</c>.
/// </summary>
public static class TestUsers
{
    public static HttpClient CreateUserClient(this WebApplicationFactory<Program> factory) =>
        factory.CreateUserClientAsync().GetAwaiter().GetResult().Client;

    public static async Task<(HttpClient Client, Guid UserId)> CreateUserClientAsync(this WebApplicationFactory<Program> factory)
    {
        var (token, id) = await factory.CreateUserTokenAsync();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, id);
    }

    /// <summary>A client signed in as a new user with the admin role, in the database and in its token's claims.</summary>
    public static async Task<(HttpClient Client, Guid UserId)> CreateAdminClientAsync(this WebApplicationFactory<Program> factory)
    {
        var (token, id) = await factory.CreateUserTokenAsync(Roles.Admin);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, id);
    }

    public static async Task<(string Token, Guid UserId)> CreateUserTokenAsync(this WebApplicationFactory<Program> factory, string? role = null)
    {
        using var scope = factory.Services.CreateScope();
        var services = scope.ServiceProvider;
        var user = new User { UserName = $"{Guid.NewGuid():N}@example.com" };
        user.Email = user.UserName;
        var created = await services.GetRequiredService<UserManager<User>>().CreateAsync(user);
        Assert.True(created.Succeeded, created.ToString());
        if (role is not null)
        {
            var granted = await services.GetRequiredService<UserManager<User>>().AddToRoleAsync(user, role);
            Assert.True(granted.Succeeded, granted.ToString());
        }

        var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<User>>().CreateAsync(user);
        var bearer = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var properties = new AuthenticationProperties { ExpiresUtc = now + bearer.BearerTokenExpiration };
        var token = bearer.BearerTokenProtector.Protect(new AuthenticationTicket(principal, properties, IdentityConstants.BearerScheme));
        return (token, user.Id);
    }
}
