using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Starter.Db;
using Starter.Models;

namespace Starter.Auth.Mail;

/// <summary>
/// Sends the mail waiting in <c>outbox_mails</c> (<see cref="OutboxEmailSender"/>) through the SMTP
/// server, on every instance at once: each mail is taken in its own transaction with
/// <c>FOR UPDATE SKIP LOCKED</c>, held while it is sent and deleted in the same transaction, so no
/// two instances send the same mail. A failure leaves the mail for a later try, each wait twice the
/// last (30 s up to 15 min), until the link inside expires. Runs when a request queues mail and every
/// <see cref="PollInterval"/> (mail queued by another instance, retries).
/// </summary>
public sealed partial class MailDelivery(
    IServiceScopeFactory scopes,
    IOptions<SmtpOptions> options,
    IDataProtectionProvider keys,
    TimeProvider clock,
    ILogger<MailDelivery> logger) : BackgroundService
{
    /// <summary>The data-protection purpose of the mail bodies at rest.</summary>
    public const string BodyPurpose = "Starter.Auth.Mail.OutboxBody";

    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan SmtpTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _nudged = new(0, 1);
    private readonly IDataProtector _bodies = keys.CreateProtector(BodyPurpose);

    /// <summary>Wakes the sender now rather than at the next poll.</summary>
    public void Nudge()
    {
        try
        {
            _nudged.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>
    /// Sends every mail due by now, until none is left or one fails (the server is likely away: the
    /// rest wait for the next round). Returns how many were sent.
    /// </summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var sent = 0;
        SmtpClient? smtp = null;
        try
        {
            while (true)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var now = clock.GetUtcNow();
                var due = await db.Set<OutboxMail>()
                    .FromSql($"SELECT * FROM outbox_mails WHERE next_attempt_at <= {now} AND expires_at > {now} ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED")
                    .ToListAsync(ct);
                if (due is not [var mail])
                {
                    return sent;
                }
                var failed = false;
                try
                {
                    smtp ??= await ConnectAsync(ct);
                    await smtp.SendAsync(Message(mail), ct);
                    db.Remove(mail);
                    sent++;
                }
                catch (SmtpCommandException e) when (e.StatusCode is SmtpStatusCode.MailboxUnavailable or SmtpStatusCode.MailboxNameNotAllowed)
                {
                    // The server will never take this address: trying again changes nothing.
                    LogRefused(logger, mail.Id, (int)e.StatusCode, e.Message);
                    db.Remove(mail);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    mail.Attempts++;
                    mail.NextAttemptAt = now + RetryAfter(mail.Attempts);
                    var error = $"{e.GetType().Name}: {e.Message}";
                    mail.LastError = error.Length <= 1000 ? error : error[..1000];
                    LogFailed(logger, mail.Id, mail.Attempts, mail.NextAttemptAt, e.GetType().Name, e.Message);
                    failed = true;
                }
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                if (failed)
                {
                    return sent;
                }
            }
        }
        finally
        {
            if (smtp is not null)
            {
                await QuitAsync(smtp);
            }
        }
    }

    /// <summary>30 s after the first failure, doubling, at most 15 min.</summary>
    public static TimeSpan RetryAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks << Math.Min(attempts - 1, 10)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database away or not migrated yet: the mail waits in the table for the next round.
                LogRoundSkipped(logger, e.GetType().Name, e.Message);
            }
            try
            {
                await _nudged.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var smtp = new SmtpClient { Timeout = (int)SmtpTimeout.TotalMilliseconds };
        try
        {
            await smtp.ConnectAsync(settings.Host!, settings.Port, Security(settings), ct);
            if (!string.IsNullOrWhiteSpace(settings.Username))
            {
                await smtp.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
            }
            return smtp;
        }
        catch
        {
            smtp.Dispose();
            throw;
        }
    }

    private static SecureSocketOptions Security(SmtpOptions settings) => settings.Tls switch
    {
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        _ => settings.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable,
    };

    private MimeMessage Message(OutboxMail mail)
    {
        // Both checked at start when the host is set (SmtpOptionsValidator).
        var from = MailboxAddress.Parse(options.Value.From!);
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            Date = mail.CreatedAt,
            // The same id on every try: a receiver that saw it already can tell.
            MessageId = $"{mail.Id}.{mail.CreatedAt.ToUnixTimeMilliseconds()}@{from.Domain}",
            Body = new BodyBuilder { TextBody = _bodies.Unprotect(mail.TextBody), HtmlBody = _bodies.Unprotect(mail.HtmlBody) }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(new MailboxAddress("", mail.ToAddress));
        return message;
    }

    private static async Task QuitAsync(SmtpClient smtp)
    {
        try
        {
            if (smtp.IsConnected)
            {
                await smtp.DisconnectAsync(quit: true);
            }
        }
        catch (Exception e) when (e is ServiceNotConnectedException or IOException or ProtocolException or SmtpCommandException)
        {
            // The mail is sent and recorded; a goodbye that fails changes nothing.
        }
        finally
        {
            smtp.Dispose();
        }
    }

    [LoggerMessage(LogLevel.Warning, "Mail {MailId} not sent (attempt {Attempts}), next try at {NextAttemptAt:O}: {ErrorType}: {ErrorMessage}")]
    private static partial void LogFailed(ILogger logger, long mailId, int attempts, DateTimeOffset nextAttemptAt, string errorType, string errorMessage);

    [LoggerMessage(LogLevel.Error, "Mail {MailId} dropped: the SMTP server refused its address ({StatusCode}: {ErrorMessage})")]
    private static partial void LogRefused(ILogger logger, long mailId, int statusCode, string errorMessage);

    [LoggerMessage(LogLevel.Warning, "Mail delivery skipped this round ({ErrorType}: {ErrorMessage})")]
    private static partial void LogRoundSkipped(ILogger logger, string errorType, string errorMessage);
}
