using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Starter.Api.Docs;
using Starter.Api.Http;
using Starter.Auth;
using Starter.Schemas;

namespace Starter.Api.V1.Endpoints;

/// <summary>
/// Account administration, for admins only (<see cref="Roles.AdminPolicy"/>: the role is checked in
/// the database on each request). The first admin comes from <c>db admin grant</c>, never from here.
/// </summary>
public static class AdminUsersEndpoints
{
    public static RouteGroupBuilder MapAdminUsers(this RouteGroupBuilder v1)
    {
        var admin = v1.MapGroup("/admin/users")
            .WithTag("Admin", "Account administration, for callers with the admin role: list and search accounts, lock and unlock them, grant and revoke roles, delete them.")
            .RequireAuthorization(Roles.AdminPolicy)
            .WithNoStore()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        admin.MapGet("/", ListUsers).WithName(nameof(ListUsers));
        admin.MapGet("/{id}", GetUser).WithName(nameof(GetUser))
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPost("/{id}/lock", LockUser).WithName(nameof(LockUser))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConflict();
        admin.MapPost("/{id}/unlock", UnlockUser).WithName(nameof(UnlockUser))
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapPut("/{id}/roles/{role}", GrantRole).WithName(nameof(GrantRole))
            .ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/{id}/roles/{role}", RevokeRole).WithName(nameof(RevokeRole))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConflict();
        admin.MapDelete("/{id}", DeleteUser).WithName(nameof(DeleteUser))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConflict();
        return v1;
    }

    /// <summary>List accounts in address order, one page at a time.</summary>
    /// <remarks>Pass each page's <c>nextCursor</c> as <c>cursor</c> until it is null. A cursor this API did not issue is a 400.</remarks>
    /// <param name="search">Only accounts whose address contains this text (compared as login compares addresses).</param>
    /// <param name="limit">Accounts per page, 1 to 100.</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page; leave out for the first page.</param>
    public static async Task<Results<Ok<AdminUserPage>, ValidationProblem>> ListUsers(
        UserAdministration admin, CancellationToken ct, [MaxLength(256)] string? search = null, [Range(1, 100)] int limit = 20, string? cursor = null)
    {
        if (!PageCursor.TryDecodeText(cursor, out var afterEmail))
        {
            return PageAnswers.InvalidCursor();
        }
        var page = await admin.ListAsync(search, afterEmail, limit, ct);
        return TypedResults.Ok(page);
    }

    /// <summary>Get one account by id.</summary>
    /// <remarks>Its address, whether it is confirmed, locked out or uses two-factor login, and its roles.</remarks>
    public static async Task<Results<Ok<AdminUserRead>, NotFound>> GetUser(Guid id, UserAdministration admin, CancellationToken ct)
    {
        var user = await admin.GetAsync(id, ct);
        return user is null ? TypedResults.NotFound() : TypedResults.Ok(user);
    }

    /// <summary>Lock an account.</summary>
    /// <remarks>
    /// The account can no longer log in, and every refresh token it holds stops working at once; its
    /// access tokens work until they expire. 409 for the last admin who can sign in.
    /// </remarks>
    public static async Task<Results<Ok<AdminUserRead>, NotFound, ProblemHttpResult>> LockUser(
        Guid id, ClaimsPrincipal caller, UserAdministration admin, CancellationToken ct)
    {
        var result = await admin.LockAsync(caller.Id().ToString(), id, ct);
        return Answer(result);
    }

    /// <summary>Unlock an account.</summary>
    /// <remarks>Ends an administrator's lock or a lockout after failed logins, and clears the count of failed logins.</remarks>
    public static async Task<Results<Ok<AdminUserRead>, NotFound, ProblemHttpResult>> UnlockUser(
        Guid id, ClaimsPrincipal caller, UserAdministration admin, CancellationToken ct)
    {
        var result = await admin.UnlockAsync(caller.Id().ToString(), id, ct);
        return Answer(result);
    }

    /// <summary>Grant a role to an account.</summary>
    /// <remarks>The account's next token carries it (after a refresh or a login). 404 for a role that does not exist.</remarks>
    /// <param name="id">The account's id.</param>
    /// <param name="role">The role's name, such as <c>admin</c>.</param>
    public static async Task<Results<Ok<AdminUserRead>, NotFound, ProblemHttpResult>> GrantRole(
        Guid id, [MaxLength(256)] string role, ClaimsPrincipal caller, UserAdministration admin, CancellationToken ct)
    {
        var result = await admin.GrantAsync(caller.Id().ToString(), id, role, ct);
        return Answer(result);
    }

    /// <summary>Revoke a role from an account.</summary>
    /// <remarks>
    /// The admin endpoints refuse a revoked admin at once; tokens already issued keep the role until
    /// the next refresh. 409 when it would leave no admin who can sign in.
    /// </remarks>
    /// <param name="id">The account's id.</param>
    /// <param name="role">The role's name, such as <c>admin</c>.</param>
    public static async Task<Results<Ok<AdminUserRead>, NotFound, ProblemHttpResult>> RevokeRole(
        Guid id, [MaxLength(256)] string role, ClaimsPrincipal caller, UserAdministration admin, CancellationToken ct)
    {
        var result = await admin.RevokeAsync(caller.Id().ToString(), id, role, ct);
        return Answer(result);
    }

    /// <summary>Delete an account.</summary>
    /// <remarks>The rows it owns go with it, in the same transaction. 409 for the last admin who can sign in.</remarks>
    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteUser(
        Guid id, ClaimsPrincipal caller, UserAdministration admin, CancellationToken ct)
    {
        var result = await admin.DeleteAsync(caller.Id().ToString(), id, ct);
        return result.Change switch
        {
            AdminChange.Done => TypedResults.NoContent(),
            AdminChange.NotFound => TypedResults.NotFound(),
            _ => LastAdmin(),
        };
    }

    private static Results<Ok<AdminUserRead>, NotFound, ProblemHttpResult> Answer(AdminResult result) => result.Change switch
    {
        AdminChange.Done => TypedResults.Ok(result.User!),
        AdminChange.NotFound => TypedResults.NotFound(),
        AdminChange.UnknownRole => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown role",
            detail: $"No role has this name, such as \"{Roles.Admin}\"."),
        _ => LastAdmin(),
    };

    private static ProblemHttpResult LastAdmin() => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Last admin",
        detail: "This is the last admin who can sign in: grant the admin role to another account first.");
}
