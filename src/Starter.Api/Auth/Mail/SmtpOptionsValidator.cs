using Microsoft.Extensions.Options;
using MimeKit;

namespace Starter.Auth.Mail;

/// <summary>With a host: a sender address that parses, and a password only beside a user name.</summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        if (!options.HasHost)
        {
            return ValidateOptionsResult.Success;
        }
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.From) || !MailboxAddress.TryParse(options.From, out _))
        {
            problems.Add("SMTP_FROM is required with SMTP_HOST: the sender address, like no-reply@acme.example or \"Acme <no-reply@acme.example>\".");
        }
        if (!string.IsNullOrEmpty(options.Password) && string.IsNullOrWhiteSpace(options.Username))
        {
            problems.Add("SMTP_PASSWORD is set but SMTP_USERNAME is not: set both, or neither.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
