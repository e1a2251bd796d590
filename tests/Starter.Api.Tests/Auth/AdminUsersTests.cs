using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Auth;

/// <summary>/api/v1/admin/users: for admins only, each change in the database and in one log line.</summary>
public sealed class AdminUsersTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Users = "/api/v1/admin/users";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Operations() => new()
    {
        { "GET", Users },
        { "GET", $"{Users}/{{id}}" },
        { "POST", $"{Users}/{{id}}/lock" },
        { "POST", $"{Users}/{{id}}/unlock" },
        { "PUT", $"{Users}/{{id}}/roles/admin" },
        { "DELETE", $"{Users}/{{id}}/roles/admin" },
        { "DELETE", $"{Users}/{{id}}" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task EveryOperation_Anonymous401_PlainUser403_AndChangesNothing(string method, string path)
    {
        var (_, target) = await factory.CreateUserClientAsync();
        var (user, userId) = await factory.CreateUserClientAsync();
        var target1 = path.Replace("{id}", target.ToString(), StringComparison.Ordinal);
        var before = await AccountStateAsync(target);

        var anonymous = await factory.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), target1), Ct);
        var plain = await user.SendAsync(new HttpRequestMessage(new HttpMethod(method), target1), Ct);
        var self = await user.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", userId.ToString(), StringComparison.Ordinal)), Ct);

        await ProblemAssert.IsProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(plain, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(self, HttpStatusCode.Forbidden);
        Assert.Equal(before, await AccountStateAsync(target));
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM user_roles WHERE user_id = $1", userId));
    }

    [Fact]
    public async Task List_FindsByAddress_InAddressOrder_OnePageAtATime()
    {
        var (admin, _) = await factory.CreateAdminClientAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        foreach (var name in new[] { "carol", "alice", "bob" })
        {
            await SignIn.RegisterAsync(factory.CreateClient(), $"{name}.{tag}@example.org", SignIn.Password);
        }

        var first = await admin.GetFromJsonAsync<JsonElement>($"{Users}?search={tag.ToUpperInvariant()}&limit=2", Ct);
        var second = await admin.GetFromJsonAsync<JsonElement>(
            $"{Users}?search={tag}&limit=2&cursor={first.GetProperty("nextCursor").GetString()}", Ct);

        Assert.Equal([$"alice.{tag}@example.org", $"bob.{tag}@example.org"], Emails(first));
        Assert.Equal([$"carol.{tag}@example.org"], Emails(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        var alice = first.GetProperty("users")[0];
        Assert.False(alice.GetProperty("lockedOut").GetBoolean());
        Assert.Empty(alice.GetProperty("roles").EnumerateArray());
    }

    [Fact]
    public async Task List_ASearchWithLikeWildcards_MatchesThemLiterally()
    {
        var (admin, _) = await factory.CreateAdminClientAsync();

        var page = await admin.GetFromJsonAsync<JsonElement>($"{Users}?search=%25_%25", Ct);

        Assert.Empty(page.GetProperty("users").EnumerateArray());
    }

    [Fact]
    public async Task List_ACursorItDidNotIssue_Is400()
    {
        var (admin, _) = await factory.CreateAdminClientAsync();

        var response = await admin.GetAsync($"{Users}?cursor=AQAAAAAAAAAq", Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _), problem.ToString());
    }

    [Fact]
    public async Task Get_AnAccount_200_AndAnUnknownOne_404()
    {
        var (admin, adminId) = await factory.CreateAdminClientAsync();

        var self = await admin.GetFromJsonAsync<JsonElement>($"{Users}/{adminId}", Ct);
        var unknown = await admin.GetAsync($"{Users}/{Guid.NewGuid()}", Ct);

        Assert.Equal(adminId, self.GetProperty("id").GetGuid());
        Assert.Equal(["admin"], self.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Lock_EndsLoginAndRefreshAtOnce_UnlockRestoresLogin_EachLoggedOnce()
    {
        var logs = new CapturedLogs();
        using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var (admin, adminId) = await app.CreateAdminClientAsync();
        var email = $"{Guid.NewGuid():N}@example.com";
        var client = app.CreateClient();
        await SignIn.RegisterAsync(client, email, SignIn.Password);
        var login = await SignIn.LogInAsync(client, email, SignIn.Password);
        var id = await factory.ScalarAsync<Guid>("SELECT id FROM users WHERE normalized_email = $1", email.ToUpperInvariant());

        var locked = await admin.PostAsync($"{Users}/{id}/lock", null, Ct);
        var refresh = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() }, Ct);
        var loginWhileLocked = await client.PostAsJsonAsync(SignIn.LoginPath, new { email, password = SignIn.Password }, Ct);
        var unlocked = await admin.PostAsync($"{Users}/{id}/unlock", null, Ct);

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        var lockedAccount = await locked.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(lockedAccount.GetProperty("lockedOut").GetBoolean());
        // An administrator's lock lasts until unlocked: no end to show.
        Assert.Equal(JsonValueKind.Null, lockedAccount.GetProperty("lockoutEnd").ValueKind);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, loginWhileLocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
        Assert.False((await unlocked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("lockedOut").GetBoolean());
        await SignIn.LogInAsync(client, email, SignIn.Password);
        var actions = logs.Lines.Where(l => l.Level == LogLevel.Information && l.Message.StartsWith("Admin action:", StringComparison.Ordinal))
            .Select(l => l.Message).ToArray();
        Assert.Equal([$"Admin action: {adminId} did lock on user {id}", $"Admin action: {adminId} did unlock on user {id}"], actions);
    }

    [Fact]
    public async Task GrantAndRevoke_TakeEffectOnTheAdminEndpointsAtOnce_UnknownRoleIs404()
    {
        var (admin, _) = await factory.CreateAdminClientAsync();
        var (other, otherId) = await factory.CreateUserClientAsync();

        var granted = await admin.PutAsync($"{Users}/{otherId}/roles/admin", null, Ct);
        // The same token as before the grant, with no role claim: the admin endpoints read the database.
        var asAdmin = await other.GetAsync($"{Users}/{otherId}", Ct);
        var revoked = await admin.DeleteAsync($"{Users}/{otherId}/roles/admin", Ct);
        var afterRevoke = await other.GetAsync($"{Users}/{otherId}", Ct);
        var unknown = await admin.PutAsync($"{Users}/{otherId}/roles/owner", null, Ct);

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal(["admin"], (await granted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await ProblemAssert.IsProblemAsync(afterRevoke, HttpStatusCode.Forbidden);
        var problem = await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Equal("Unknown role", problem.GetProperty("title").GetString());
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM user_roles WHERE user_id = $1", otherId));
    }

    [Fact]
    public async Task Delete_RemovesTheAccountAndWhatItOwns_ThenItsTokenWritesNothing()
    {
        var (admin, _) = await factory.CreateAdminClientAsync();
        var (user, userId) = await factory.CreateUserClientAsync();
        //#if (IncludeSample)
        var item = await user.PostAsJsonAsync("/api/v1/items", new { title = "Owned" }, Ct);
        Assert.Equal(HttpStatusCode.Created, item.StatusCode);
        //#endif

        var deleted = await admin.DeleteAsync($"{Users}/{userId}", Ct);
        var again = await admin.DeleteAsync($"{Users}/{userId}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.NotFound);
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = $1", userId));
        //#if (IncludeSample)
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM items WHERE owner_id = $1", userId));
        // Its access token lives until it expires (no database read per request), but writes nothing.
        var late = await user.PostAsJsonAsync("/api/v1/items", new { title = "Orphan" }, Ct);
        Assert.InRange((int)late.StatusCode, 400, 499);
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM items WHERE owner_id = $1", userId));
        //#endif
    }

    private static string[] Emails(JsonElement page) =>
        [.. page.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("email").GetString()!)];

    /// <summary>Everything an admin operation could change about an account, as one comparable text.</summary>
    private Task<string> AccountStateAsync(Guid id) => factory.ScalarAsync<string>(
        """
        SELECT coalesce(max(u.security_stamp || '|' || coalesce(u.lockout_end::text, '-') || '|' || u.access_failed_count), 'deleted')
            || '|' || (SELECT count(*) FROM user_roles r WHERE r.user_id = $1)
        FROM users u WHERE u.id = $1
        """, id);
}
