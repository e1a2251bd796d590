using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Starter.Db;

namespace Starter.Auth;

/// <summary>
/// <see cref="Roles.AdminPolicy"/>'s rule: the caller holds the admin role in <c>user_roles</c> and is
/// not locked out, read from the database on each request. A revoked or locked admin is refused at
/// once, whatever role claim their access token still carries.
/// </summary>
public sealed class AdminRequirement : IAuthorizationRequirement;

public sealed class AdminRequirementHandler(AppDbContext db, TimeProvider clock) : AuthorizationHandler<AdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdminRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }
        if (await Roles.ActiveAdminIds(db, clock.GetUtcNow()).ContainsAsync(context.User.Id()))
        {
            context.Succeed(requirement);
        }
    }
}
