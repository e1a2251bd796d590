using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;
using Starter.Observability;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Observability;

/// <summary>The Production log: JSON lines on stdout, written in batches, none lost at shutdown.</summary>
public sealed class JsonConsoleLogTests(TestDatabaseServer server)
{
    [Fact]
    public async Task InProduction_EveryLineIsJson_AndEveryRequestLineIsOutBeforeTheProcessExits()
    {
        var ct = TestContext.Current.CancellationToken;
        // Liveness never touches the database, so any database name will do.
        using var running = await RunningApp.StartAsync(server.ConnectionStringFor("postgres"));
        using var client = new HttpClient { BaseAddress = running.Address };
        const int clients = 4, perClient = 100;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < perClient; i++)
            {
                using var response = await client.GetAsync($"/api/v1/health/live?client={c}", ct);
                response.EnsureSuccessStatusCode();
            }
        }, ct)));

        // Right after the last answer, so its line is still queued when the signal arrives.
        await running.SendSigtermAsync();
        await running.Process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.Equal(0, running.Process.ExitCode);
        var lines = running.Output.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var requests = lines.Where(l => l.GetProperty("Category").GetString() == "Starter.Requests").ToList();
        Assert.Equal(clients * perClient, requests.Count);
        Assert.All(requests, line =>
        {
            var state = line.GetProperty("State");
            Assert.Equal("/api/v1/health/live", state.GetProperty("Route").GetString());
            Assert.Equal(200, state.GetProperty("StatusCode").GetInt32());
            // The scopes carry the same trace id, so other lines of the request can be joined to it.
            Assert.Contains(line.GetProperty("Scopes").EnumerateArray(), scope =>
                scope.TryGetProperty("TraceId", out var traceId) && traceId.GetString() == state.GetProperty("TraceId").GetString());
        });
        Assert.Contains(lines, l => l.GetProperty("Message").GetString() == "Application is shutting down...");
    }

    [Fact]
    public async Task AFailureAtStart_IsLoggedBeforeTheProcessExits()
    {
        // The port is out of range, so Kestrel fails to start, logs why and the process ends straight
        // away: the line must not be left in the queue.
        var result = await AppProcess.RunAsync(["--urls", "http://127.0.0.1:99999"],
            new() { ["DATABASE_URL"] = server.ConnectionStringFor("postgres") });

        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement);
        Assert.Contains(lines, l => l.GetProperty("Message").GetString() == "Hosting failed to start"
                                    && l.GetProperty("Exception").GetString()!.Contains("port", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Writer_WithAFullQueue_HoldsCallersBackAndLosesNoLine()
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        const int threads = 4, perThread = 500;
        // Room for one line: nearly every call finds the queue full.
        using (var writer = new BatchedConsoleWriter(stdout, stderr, capacity: 1, ConsoleLoggerQueueFullMode.Wait))
        {
            Parallel.For(0, threads, t =>
            {
                for (var i = 0; i < perThread; i++)
                {
                    writer.Enqueue($"{t}:{i}\n", error: i % 10 == 0);
                }
            });
        }

        var written = Encoding.UTF8.GetString(stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Encoding.UTF8.GetString(stderr.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        Assert.Equal(threads * perThread, written.Count);
        Assert.Equal(threads * perThread, written.Distinct().Count());
        Assert.Equal(threads * perThread / 10, Encoding.UTF8.GetString(stderr.ToArray()).Count(c => c == '\n'));
    }

    [Fact]
    public async Task Writer_WhenTheConsoleFails_KeepsCallersGoing()
    {
        using var broken = new BrokenStream();
        // 2,000 lines of 1,000 bytes overflow the writer's 64 KiB buffer many times over, so the writes
        // fail too, not just the flushes. The queue of 10 fills at once and then only ever has room if
        // the writer keeps draining it: a writer that stopped would leave the caller waiting for good.
        // (Each time the queue is full the caller and the writer hand over; a few hundred hand-overs
        // stay well inside the bound on a machine whose cores are busy with other work.)
        var line = new string('x', 999) + "\n";
        await Task.Run(() =>
        {
            using var writer = new BatchedConsoleWriter(broken, broken, capacity: 10, ConsoleLoggerQueueFullMode.Wait);
            for (var i = 0; i < 2_000; i++)
            {
                writer.Enqueue(line, error: false);
            }
        }, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(broken.Attempts > 0);
    }

    /// <summary>stdout after its reader has gone: every write fails.</summary>
    private sealed class BrokenStream : MemoryStream
    {
        public int Attempts { get; private set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Attempts++;
            throw new IOException("Broken pipe");
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Attempts++;
            throw new IOException("Broken pipe");
        }
    }
}
