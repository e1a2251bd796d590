using Starter.Tests.Infrastructure;

namespace Starter.Tests.Auth;

/// <summary><c>db admin grant|revoke|list</c> from the built app, as a deploy step would run it: the first admin comes from here.</summary>
public sealed class AdminCommandTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task GrantListRevoke_ChangeTheAdminRole_AndRefuseTheLastAdmin()
    {
        await factory.ScalarAsync<int>("WITH gone AS (DELETE FROM user_roles RETURNING 1) SELECT count(*)::int FROM gone");
        var (first, second) = ($"first-{Guid.NewGuid():N}@example.com", $"second-{Guid.NewGuid():N}@example.com");
        await SignIn.RegisterAsync(factory.CreateClient(), first, SignIn.Password);
        await SignIn.RegisterAsync(factory.CreateClient(), second, SignIn.Password);

        var grant = await DbAdminAsync("grant", first.ToUpperInvariant());
        var list = await DbAdminAsync("list");
        var lastRevoke = await DbAdminAsync("revoke", first);
        var grantSecond = await DbAdminAsync("grant", second);
        var revoke = await DbAdminAsync("revoke", first);

        Assert.True(grant.ExitCode == 0, grant.Stderr);
        Assert.Contains("has the admin role", grant.Stdout, StringComparison.Ordinal);
        Assert.Equal(first, list.Stdout.Trim());
        Assert.Equal(1, lastRevoke.ExitCode);
        Assert.Contains("last admin", lastRevoke.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, grantSecond.ExitCode);
        Assert.Equal(0, revoke.ExitCode);
        Assert.Equal(second, await factory.ScalarAsync<string>(
            "SELECT u.email FROM user_roles r JOIN users u ON u.id = r.user_id JOIN roles o ON o.id = r.role_id WHERE o.name = 'admin'"));
    }

    [Theory]
    [InlineData("grant", "nobody@example.com", "No account has the address nobody@example.com")]
    [InlineData("promote", "someone@example.com", "Use: db admin grant <email>")]
    [InlineData("grant", null, "Use: db admin grant <email>")]
    public async Task AnUnknownAddressOrVerb_Exits1_SayingWhy(string verb, string? email, string message)
    {
        var result = await DbAdminAsync(verb, email);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    private Task<AppProcess.Result> DbAdminAsync(string verb, string? email = null) =>
        AppProcess.RunAsync(email is null ? ["db", "admin", verb] : ["db", "admin", verb, email],
            new() { ["DATABASE_URL"] = factory.ConnectionString });
}
