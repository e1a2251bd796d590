namespace Starter.Models;

/// <summary>
/// A row of <c>outbox_mails</c>: a mail written in the same transaction as the account change that
/// sends it, waiting for the background sender (<c>Auth/Mail/MailDelivery.cs</c>). Deleted once the
/// SMTP server has taken it.
/// </summary>
public sealed class OutboxMail
{
    public long Id { get; set; }

    public required string ToAddress { get; set; }

    public required string Subject { get; set; }

    /// <summary>The plain-text body, protected with the key ring: it holds a link or code that opens the account.</summary>
    public required string TextBody { get; set; }

    /// <summary>The HTML body, protected like <see cref="TextBody"/>.</summary>
    public required string HtmlBody { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Failed deliveries so far; each pushes <see cref="NextAttemptAt"/> further out.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The last failure, for whoever looks at a mail that is not leaving.</summary>
    public string? LastError { get; set; }

    /// <summary>When the link or code inside has expired: the mail is no use after that, and the clean-up deletes it.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
