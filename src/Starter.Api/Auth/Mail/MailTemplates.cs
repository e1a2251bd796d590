using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using Starter.Core;

namespace Starter.Auth.Mail;

/// <summary>A mail ready to queue: its subject and both bodies.</summary>
public sealed record RenderedMail(string Subject, string Text, string Html);

/// <summary>
/// The account mail's wording, from <c>Auth/Mail/Templates/</c> (built into the app): for each mail a
/// <c>.txt</c> whose first line is <c>Subject: …</c> and a <c>.html</c>. <c>{{app}}</c> is the
/// service's name (<c>APP_NAME</c>); <c>{{link}}</c> and <c>{{code}}</c> what the mail carries,
/// HTML-encoded in the HTML body.
/// </summary>
public sealed class MailTemplates
{
    public const string ConfirmEmail = "confirm-email";
    public const string ResetCode = "reset-code";
    public const string ResetLink = "reset-link";

    private const string SubjectPrefix = "Subject: ";

    private readonly Dictionary<string, (string Subject, string Text, string Html)> _templates;
    private readonly string _app;

    public MailTemplates(IOptions<AppOptions> app)
    {
        _app = app.Value.Name;
        // Read once, at start: a template missing from the build fails there, not at the first mail.
        _templates = new[] { ConfirmEmail, ResetCode, ResetLink }.ToDictionary(name => name, Load);
    }

    /// <param name="name">One of the constants above.</param>
    /// <param name="key">"link" or "code".</param>
    /// <param name="value">The link or code as it is (not HTML-encoded).</param>
    public RenderedMail Render(string name, string key, string value)
    {
        var (subject, text, html) = _templates[name];
        var raw = new Dictionary<string, string> { ["app"] = _app, [key] = value };
        return new RenderedMail(
            Fill(subject, raw, s => s),
            Fill(text, raw, s => s),
            Fill(html, raw, HtmlEncoder.Default.Encode));
    }

    private static string Fill(string template, Dictionary<string, string> values, Func<string, string> encode) =>
        values.Aggregate(template, (text, pair) => text.Replace("{{" + pair.Key + "}}", encode(pair.Value), StringComparison.Ordinal));

    private static (string, string, string) Load(string name)
    {
        var text = Read($"{name}.txt").ReplaceLineEndings("\n");
        var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        if (!text.StartsWith(SubjectPrefix, StringComparison.Ordinal) || firstLineEnd < 0)
        {
            throw new InvalidOperationException($"Mail template {name}.txt must start with a \"{SubjectPrefix}…\" line.");
        }
        var subject = text[SubjectPrefix.Length..firstLineEnd].Trim();
        return (subject, text[(firstLineEnd + 1)..].TrimStart('\n'), Read($"{name}.html"));
    }

    private static string Read(string file)
    {
        using var stream = typeof(MailTemplates).Assembly.GetManifestResourceStream($"mail/{file}")
            ?? throw new InvalidOperationException($"Mail template {file} is not built into the app (Auth/Mail/Templates/).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
