using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Starter.Models;

namespace Starter.Auth;

/// <summary>
/// A password over <c>PASSWORD_MAX_LENGTH</c> is refused at register, reset and change, like
/// Identity's own rules: Identity sets no upper bound, and a megabyte password would be hashed.
/// </summary>
public sealed class PasswordLengthValidator(IOptions<AuthOptions> options) : IPasswordValidator<User>
{
    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user, string? password)
    {
        var max = options.Value.PasswordMaxLength;
        return Task.FromResult(password?.Length > max
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = $"Passwords can have at most {max} characters." })
            : IdentityResult.Success);
    }
}
