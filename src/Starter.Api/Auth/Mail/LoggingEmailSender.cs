using System.Net;
using Microsoft.AspNetCore.Identity;
using Starter.Models;

namespace Starter.Auth.Mail;

/// <summary>
/// The account mail (confirm the address, reset the password) while no SMTP server is set
/// (<see cref="SmtpOptions"/>). In Development the link or code is logged, so the flows work without
/// a mail server; elsewhere only the fact is logged, as a reset code in a log line is a way into the
/// account.
/// </summary>
public sealed partial class LoggingEmailSender(IHostEnvironment environment, ILogger<LoggingEmailSender> logger) : IEmailSender<User>
{
    public Task SendConfirmationLinkAsync(User user, string email, string confirmationLink) =>
        Send(email, "confirmation link", confirmationLink);

    public Task SendPasswordResetLinkAsync(User user, string email, string resetLink) =>
        Send(email, "password reset link", resetLink);

    public Task SendPasswordResetCodeAsync(User user, string email, string resetCode) =>
        Send(email, "password reset code", resetCode);

    private Task Send(string email, string what, string secret)
    {
        if (environment.IsDevelopment())
        {
            // Identity HTML-encodes links for a mail body (&amp;); the log shows one to open as it is.
            LogDevelopmentMail(logger, what, email, WebUtility.HtmlDecode(secret));
        }
        else
        {
            LogNotSent(logger, what);
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(LogLevel.Information, "Development only, no mail sent: {What} for {Email}: {Secret}")]
    private static partial void LogDevelopmentMail(ILogger logger, string what, string email, string secret);

    [LoggerMessage(LogLevel.Warning, "No mail sent: a {What} was requested, but SMTP_HOST is not set.")]
    private static partial void LogNotSent(ILogger logger, string what);
}
