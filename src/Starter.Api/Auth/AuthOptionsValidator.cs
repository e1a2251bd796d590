using Microsoft.Extensions.Options;

namespace Starter.Auth;

/// <summary>Password lengths that leave room for a password; the outside issuer: an absolute https URL (http only on this machine), with its audience.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var problems = new List<string>();
        if (options.PasswordMinLength > options.PasswordMaxLength)
        {
            problems.Add("PASSWORD_MIN_LENGTH is over PASSWORD_MAX_LENGTH: no password could be set.");
        }
        if (!options.HasAuthority)
        {
            if (!string.IsNullOrWhiteSpace(options.Audience))
            {
                problems.Add("AUTH_AUDIENCE is set but AUTH_AUTHORITY is not: set both, or neither.");
            }
            return Result(problems);
        }
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            problems.Add("AUTH_AUTHORITY must be the issuer's https URL (http only for a loopback address), like https://login.example.com/realms/acme.");
        }
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            problems.Add("AUTH_AUDIENCE is required with AUTH_AUTHORITY: the audience the issuer puts in tokens for this API.");
        }
        return Result(problems);
    }

    private static ValidateOptionsResult Result(List<string> problems) =>
        problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
}
