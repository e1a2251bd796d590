using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Auth;

/// <summary>
/// The sample's role rule: an admin may read any user's item through the same endpoint, and change
/// none; everyone else still sees only their own.
/// </summary>
public sealed class AdminReadsItemsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAdmin_ReadsAnotherUsersItem_ButCannotChangeOrDeleteIt()
    {
        var (owner, _) = await factory.CreateUserClientAsync();
        var (admin, _) = await factory.CreateAdminClientAsync();
        var (stranger, _) = await factory.CreateUserClientAsync();
        var created = await owner.PostAsJsonAsync("/api/v1/items", new { title = "Private" }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64();

        var read = await admin.GetAsync($"/api/v1/items/{id}", Ct);
        var patch = await admin.PatchAsJsonAsync($"/api/v1/items/{id}", new { title = "Changed" }, Ct);
        var delete = await admin.DeleteAsync($"/api/v1/items/{id}", Ct);
        var strangerRead = await stranger.GetAsync($"/api/v1/items/{id}", Ct);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Private", (await read.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
        Assert.NotNull(read.Headers.ETag);
        await ProblemAssert.IsProblemAsync(patch, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(delete, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(strangerRead, HttpStatusCode.NotFound);
        Assert.Equal("Private", await factory.ScalarAsync<string>("SELECT title FROM items WHERE id = $1", id));
    }
}
