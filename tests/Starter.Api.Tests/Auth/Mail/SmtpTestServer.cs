using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Auth.Mail;

/// <summary>
/// A real SMTP server on 127.0.0.1, in the test process: it speaks the protocol to the app's MailKit
/// client and keeps every message it accepts. Stopped and started again on the same port, it is a
/// mail provider's outage.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private CancellationTokenSource? _running;
    private Task? _serving;

    private SmtpTestServer(int port) => Port = port;

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Received => _received;

    /// <summary>A server on a port free now, not started yet.</summary>
    public static SmtpTestServer OnAFreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new SmtpTestServer(port);
    }

    /// <summary>The app's settings that send through this server.</summary>
    public (string Key, string Value)[] Settings =>
    [
        ("SMTP_HOST", "127.0.0.1"),
        ("SMTP_PORT", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("SMTP_FROM", "Starter <no-reply@starter.example>"),
    ];

    /// <summary>Listens, and returns once a client can connect.</summary>
    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        _running = new CancellationTokenSource();
        _serving = new SmtpServer.SmtpServer(options, services).StartAsync(_running.Token);
        if (!await TcpPort.WaitUntilListeningAsync(Port, () => _serving is { IsCompleted: false }))
        {
            throw new InvalidOperationException($"The test SMTP server did not listen on {Port}.");
        }
    }

    /// <summary>Stops listening: the app's next connection is refused, as by a server that is down.</summary>
    public async Task StopAsync()
    {
        if (_running is null || _serving is null)
        {
            return;
        }
        await _running.CancelAsync();
        try
        {
            await _serving;
        }
        catch (OperationCanceledException)
        {
            // How it stops.
        }
        _running.Dispose();
        (_running, _serving) = (null, null);
    }

    /// <summary>The first message to <paramref name="address"/>, waiting for it to arrive (at most 30 s).</summary>
    public async Task<MimeMessage> MessageToAsync(string address)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (To(address).FirstOrDefault() is { } message)
            {
                return message;
            }
            var left = TimeSpan.FromSeconds(30) - waited.Elapsed;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left, TestContext.Current.CancellationToken))
            {
                throw new TimeoutException($"No mail to {address} within 30 s; received: {string.Join(", ", _received.SelectMany(m => m.To.Mailboxes).Select(m => m.Address))}.");
            }
        }
    }

    public IEnumerable<MimeMessage> To(string address) =>
        _received.Where(m => m.To.Mailboxes.Any(to => string.Equals(to.Address, address, StringComparison.OrdinalIgnoreCase)));

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store(SmtpTestServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            server._received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            server._arrived.Release();
            return SmtpResponse.Ok;
        }
    }
}
