using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Starter.Db;
using Starter.Models;

namespace Starter.Auth.Mail;

/// <summary>
/// The account mail: through the outbox and an SMTP server when <c>SMTP_HOST</c> is set, otherwise
/// logged (<see cref="LoggingEmailSender"/>).
/// </summary>
public static class MailRegistration
{
    public static IServiceCollection AddMail(this IServiceCollection services, SmtpOptions smtp)
    {
        // Mail queued while a server was set and never sent is deleted once its link expires, set or not.
        services.AddSingleton(new ExpiringRows("undelivered mails", (db, now, ct) =>
            db.Set<OutboxMail>().Where(m => m.ExpiresAt <= now).ExecuteDeleteAsync(ct)));
        if (!smtp.HasHost)
        {
            return services.AddSingleton<IEmailSender<User>, LoggingEmailSender>();
        }
        services.AddSingleton<MailTemplates>();
        services.AddSingleton<MailDelivery>();
        services.AddHostedService(provider => provider.GetRequiredService<MailDelivery>());
        return services.AddSingleton<IEmailSender<User>, OutboxEmailSender>();
    }
}
