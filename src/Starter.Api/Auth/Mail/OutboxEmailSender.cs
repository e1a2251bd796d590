using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Starter.Db;
using Starter.Models;

namespace Starter.Auth.Mail;

/// <summary>
/// The account mail while an SMTP server is set: each mail becomes a row of <c>outbox_mails</c>,
/// written through the request's own <see cref="AppDbContext"/>, so it commits or rolls back with
/// the account change that sends it (registering, changing the address). <see cref="MailDelivery"/>
/// sends it, now or when the server is back.
/// </summary>
public sealed class OutboxEmailSender(
    IHttpContextAccessor http,
    IServiceScopeFactory scopes,
    MailTemplates templates,
    IDataProtectionProvider keys,
    IOptions<DataProtectionTokenProviderOptions> tokens,
    TimeProvider clock,
    MailDelivery delivery) : IEmailSender<User>
{
    private readonly IDataProtector _bodies = keys.CreateProtector(MailDelivery.BodyPurpose);

    // Identity hands over links and codes HTML-encoded for a mail body; the templates encode for themselves.
    public Task SendConfirmationLinkAsync(User user, string email, string confirmationLink) =>
        EnqueueAsync(email, templates.Render(MailTemplates.ConfirmEmail, "link", WebUtility.HtmlDecode(confirmationLink)));

    public Task SendPasswordResetLinkAsync(User user, string email, string resetLink) =>
        EnqueueAsync(email, templates.Render(MailTemplates.ResetLink, "link", WebUtility.HtmlDecode(resetLink)));

    public Task SendPasswordResetCodeAsync(User user, string email, string resetCode) =>
        EnqueueAsync(email, templates.Render(MailTemplates.ResetCode, "code", WebUtility.HtmlDecode(resetCode)));

    private async Task EnqueueAsync(string to, RenderedMail mail)
    {
        var now = clock.GetUtcNow();
        var row = new OutboxMail
        {
            ToAddress = to,
            Subject = mail.Subject,
            TextBody = _bodies.Protect(mail.Text),
            HtmlBody = _bodies.Protect(mail.Html),
            CreatedAt = now,
            NextAttemptAt = now,
            // The link or code inside works this long (Identity's token lifespan); the mail no longer.
            ExpiresAt = now + tokens.Value.TokenLifespan,
        };
        if (http.HttpContext is { } context)
        {
            var db = context.RequestServices.GetRequiredService<AppDbContext>();
            db.Add(row);
            await db.SaveChangesAsync(context.RequestAborted);
            // Sent: by then the request's transaction has committed, and the row is there to take.
            context.Response.OnCompleted(() =>
            {
                delivery.Nudge();
                return Task.CompletedTask;
            });
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        own.Add(row);
        await own.SaveChangesAsync();
        delivery.Nudge();
    }
}
