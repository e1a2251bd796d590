using Microsoft.Extensions.Options;

namespace Starter.Auth;

/// <summary>The outside issuer: an absolute https URL (http only on this machine), with its audience.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (!options.HasAuthority)
        {
            return string.IsNullOrWhiteSpace(options.Audience)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("AUTH_AUDIENCE is set but AUTH_AUTHORITY is not: set both, or neither.");
        }
        var problems = new List<string>();
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            problems.Add("AUTH_AUTHORITY must be the issuer's https URL (http only for a loopback address), like https://login.example.com/realms/acme.");
        }
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            problems.Add("AUTH_AUDIENCE is required with AUTH_AUTHORITY: the audience the issuer puts in tokens for this API.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
