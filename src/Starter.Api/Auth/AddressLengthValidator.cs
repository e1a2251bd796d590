using Microsoft.AspNetCore.Identity;
using Starter.Models;

namespace Starter.Auth;

/// <summary>
/// An address longer than its column (256, as Identity maps it) is a validation error at register
/// and on an address change, like Identity's own rules; Identity does not check the length itself,
/// and the database would refuse the row.
/// </summary>
public sealed class AddressLengthValidator : IUserValidator<User>
{
    public const int MaxLength = 256;

    public Task<IdentityResult> ValidateAsync(UserManager<User> manager, User user)
    {
        var errors = new List<IdentityError>();
        if (user.Email?.Length > MaxLength)
        {
            errors.Add(new IdentityError { Code = "EmailTooLong", Description = $"Email addresses can have at most {MaxLength} characters." });
        }
        if (user.UserName?.Length > MaxLength)
        {
            errors.Add(new IdentityError { Code = "UserNameTooLong", Description = $"User names can have at most {MaxLength} characters." });
        }
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}
