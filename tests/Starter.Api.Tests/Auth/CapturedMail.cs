using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using System.Web;
using Microsoft.AspNetCore.Identity;
using Starter.Models;

namespace Starter.Tests.Auth;

/// <summary>
/// The app's mail, kept in memory instead of queued (<c>IEmailSender&lt;User&gt;</c> replaced), so a
/// test of an account flow can follow the links and codes without an SMTP server. The mail itself,
/// through the outbox and a real SMTP server, is tested in <c>Mail/MailTests.cs</c>.
/// </summary>
public sealed partial class CapturedMail : IEmailSender<User>
{
    private readonly ConcurrentQueue<(string Email, string Kind, string Secret)> _sent = new();

    public Task SendConfirmationLinkAsync(User user, string email, string confirmationLink) => Keep(email, "confirm", confirmationLink);

    public Task SendPasswordResetLinkAsync(User user, string email, string resetLink) => Keep(email, "reset-link", resetLink);

    public Task SendPasswordResetCodeAsync(User user, string email, string resetCode) => Keep(email, "reset-code", resetCode);

    /// <summary>The last confirmation link mailed to <paramref name="email"/>, as a path and query on the API.</summary>
    public string ConfirmationPath(string email)
    {
        var link = Last(email, "confirm");
        // Identity HTML-encodes the link for a mail body.
        var uri = new Uri(HttpUtility.HtmlDecode(link));
        return uri.PathAndQuery;
    }

    public string ResetCode(string email) => Last(email, "reset-code");

    /// <summary>Every secret mailed so far: links and codes, and the codes inside the links.</summary>
    public IEnumerable<string> Secrets() => _sent.SelectMany(m => new[] { m.Secret }.Concat(
        CodeParameter().Matches(m.Secret).Select(c => Uri.UnescapeDataString(c.Groups[1].Value))));

    private string Last(string email, string kind) =>
        _sent.Where(m => m.Email == email && m.Kind == kind).Select(m => m.Secret).LastOrDefault()
            ?? throw new InvalidOperationException($"No {kind} mail to {email}.");

    private Task Keep(string email, string kind, string secret)
    {
        _sent.Enqueue((email, kind, secret));
        return Task.CompletedTask;
    }

    [GeneratedRegex("code=([^&]+)")]
    private static partial Regex CodeParameter();
}
