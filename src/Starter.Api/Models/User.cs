using Microsoft.AspNetCore.Identity;

namespace Starter.Models;

/// <summary>
/// An account: a row of the <c>users</c> table, kept by ASP.NET Core Identity. Add profile columns
/// here; the API never returns this type (Identity's endpoints answer with their own schemas).
/// </summary>
public sealed class User : IdentityUser<Guid>;
