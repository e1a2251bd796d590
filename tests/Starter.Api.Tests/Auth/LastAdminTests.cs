using System.Net;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Auth;

/// <summary>
/// An admin cannot leave the API without an admin who can sign in: not by revoking, locking or
/// deleting the last one, and not by two admins revoking each other at the same moment. A class of
/// its own, so its database holds only the admins these tests make.
/// </summary>
public sealed class LastAdminTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Users = "/api/v1/admin/users";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheLastAdmin_CannotBeRevokedLockedOrDeleted_UntilAnotherIsGranted()
    {
        await factory.ScalarAsync<int>("WITH gone AS (DELETE FROM user_roles RETURNING 1) SELECT count(*)::int FROM gone");
        var (admin, adminId) = await factory.CreateAdminClientAsync();
        var (_, otherId) = await factory.CreateUserClientAsync();

        var revoke = await admin.DeleteAsync($"{Users}/{adminId}/roles/admin", Ct);
        var lockSelf = await admin.PostAsync($"{Users}/{adminId}/lock", null, Ct);
        var delete = await admin.DeleteAsync($"{Users}/{adminId}", Ct);

        foreach (var refused in new[] { revoke, lockSelf, delete })
        {
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict);
            Assert.Equal("Last admin", problem.GetProperty("title").GetString());
        }
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT count(*) FROM user_roles WHERE user_id = $1", adminId));
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = $1 AND lockout_end IS NOT NULL", adminId));

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"{Users}/{otherId}/roles/admin", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"{Users}/{adminId}/roles/admin", Ct)).StatusCode);
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM user_roles WHERE user_id = $1", adminId));
    }

    [Fact]
    public async Task ALockedAdmin_IsRefusedAtOnce_AndIsNoOtherAdmin_UntilUnlocked()
    {
        await factory.ScalarAsync<int>("WITH gone AS (DELETE FROM user_roles RETURNING 1) SELECT count(*)::int FROM gone");
        var (first, firstId) = await factory.CreateAdminClientAsync();
        var (second, secondId) = await factory.CreateAdminClientAsync();

        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync($"{Users}/{secondId}/lock", null, Ct)).StatusCode);
        // Still in user_roles, and its token still valid for a while: the policy reads the lock now.
        Assert.Equal(HttpStatusCode.Forbidden, (await second.GetAsync($"{Users}/{firstId}", Ct)).StatusCode);
        var revoke = await first.DeleteAsync($"{Users}/{firstId}/roles/admin", Ct);
        var problem = await ProblemAssert.IsProblemAsync(revoke, HttpStatusCode.Conflict);
        Assert.Equal("Last admin", problem.GetProperty("title").GetString());
        Assert.Equal(2L, await factory.ScalarAsync<long>("SELECT count(*) FROM user_roles"));

        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync($"{Users}/{secondId}/unlock", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync($"{Users}/{firstId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.DeleteAsync($"{Users}/{firstId}/roles/admin", Ct)).StatusCode);
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM user_roles WHERE user_id = $1", firstId));
    }

    [Fact]
    public async Task TwoAdminsRevokingEachOther_AtOnce_LeaveOneAdmin()
    {
        await factory.ScalarAsync<int>("WITH gone AS (DELETE FROM user_roles RETURNING 1) SELECT count(*)::int FROM gone");
        var (first, firstId) = await factory.CreateAdminClientAsync();
        var (second, secondId) = await factory.CreateAdminClientAsync();

        var answers = await Task.WhenAll(
            first.DeleteAsync($"{Users}/{secondId}/roles/admin", Ct),
            second.DeleteAsync($"{Users}/{firstId}/roles/admin", Ct));

        // The second to take the lock finds itself the last admin (or no longer an admin at all).
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Single(answers, a => a.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Forbidden);
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT count(*) FROM user_roles"));
    }
}
