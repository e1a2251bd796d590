using System.ComponentModel.DataAnnotations;

namespace Starter.Auth.Mail;

/// <summary>
/// The SMTP server account mail leaves through (confirm the address, reset the password). Unset
/// host: no mail is sent (in Development the link or code is logged instead).
/// </summary>
public sealed class SmtpOptions
{
    /// <summary>The provider's SMTP host (smtp.example.com). Setting it turns sending on.</summary>
    [ConfigurationKeyName("SMTP_HOST")]
    public string? Host { get; set; }

    /// <summary>587 for STARTTLS (the usual), 465 for TLS from the first byte, 25 or 1025 for a local catcher.</summary>
    [ConfigurationKeyName("SMTP_PORT")]
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>The account to authenticate as; unset: no authentication.</summary>
    [ConfigurationKeyName("SMTP_USERNAME")]
    public string? Username { get; set; }

    [ConfigurationKeyName("SMTP_PASSWORD")]
    public string? Password { get; set; }

    /// <summary>The sender of every mail: an address, or a name and address ("Acme &lt;no-reply@acme.example&gt;").</summary>
    [ConfigurationKeyName("SMTP_FROM")]
    public string? From { get; set; }

    /// <summary>
    /// "auto" (STARTTLS if the server offers it, TLS on 465), "starttls" (required), "tls" (TLS from
    /// the first byte) or "none" (plain text: only for a catcher on this machine).
    /// </summary>
    [ConfigurationKeyName("SMTP_TLS")]
    [AllowedValues("auto", "starttls", "tls", "none")]
    public string Tls { get; set; } = "auto";

    public bool HasHost => !string.IsNullOrWhiteSpace(Host);
}
