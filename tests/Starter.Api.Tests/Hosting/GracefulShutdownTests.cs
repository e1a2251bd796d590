using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Hosting;

/// <summary>
/// SIGTERM on the real app process: readiness fails at once, it serves through the drain delay, then
/// in-flight requests finish and it exits 0.
/// </summary>
public sealed class GracefulShutdownTests(TestDatabaseServer server) : IAsyncDisposable
{
    private string? _database;

    [Fact]
    public async Task Sigterm_UnderLoad_CompletesInFlightRequestsAndExitsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        _database = await server.CreateDatabaseAsync();
        using var running = await RunningApp.StartAsync(server.ConnectionStringFor(_database), new() { ["SHUTDOWN_TIMEOUT_SECONDS"] = "20" });
        var app = running.Process;

        using var client = new HttpClient { BaseAddress = running.Address };
        var completedBeforeSignal = 0;
        long signalAt = long.MaxValue;
        var (inFlightAtSignal, ok, refused) = (0, 0, 0);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var enoughLoad = new TaskCompletionSource();
        // Requests that read the database where the API has one, so that some are in flight when the
        // signal arrives (not readiness: it answers 503 from the signal on, by design).
        var path = "/api/v1/health/live";
        //#if (IncludeAuth)
        path = "/api/v1/auth/manage/info";
        //#endif
        //#if (IncludeSample)
        path = "/api/v1/items?limit=100";
        //#endif
        //#if (IncludeAuth)
        client.DefaultRequestHeaders.Authorization = new("Bearer", await SignIn.RegisterAndLogInAsync(client, "shutdown@example.com", SignIn.Password));
        //#endif
        var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!app.HasExited)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(path, ct);
                    var finished = Stopwatch.GetTimestamp();
                    if (!response.IsSuccessStatusCode)
                    {
                        failures.Enqueue($"status {(int)response.StatusCode}");
                        continue;
                    }
                    Interlocked.Increment(ref ok);
                    if (started < Interlocked.Read(ref signalAt) && finished > Interlocked.Read(ref signalAt))
                    {
                        Interlocked.Increment(ref inFlightAtSignal);
                    }
                    if (Interlocked.Increment(ref completedBeforeSignal) == 300)
                    {
                        enoughLoad.TrySetResult();
                    }
                }
                catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                {
                    // After the signal the listener is closed: new connections are refused, as they should be.
                    Interlocked.Increment(ref refused);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    failures.Enqueue(e.GetBaseException().Message);
                }
            }
        }, ct)).ToList();

        await enoughLoad.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Interlocked.Exchange(ref signalAt, Stopwatch.GetTimestamp());
        await running.SendSigtermAsync();
        await app.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        await Task.WhenAll(workers);

        TestContext.Current.TestOutputHelper?.WriteLine($"ok={ok} inFlightAtSignal={inFlightAtSignal} refusedAfter={refused} failures={failures.Count}");
        Assert.Equal(0, app.ExitCode);
        Assert.Empty(failures);
        Assert.True(inFlightAtSignal > 0, "no request was in flight when SIGTERM arrived; the test proved nothing");
        Assert.Contains(running.Output, line => line.Contains("Application is shutting down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sigterm_WithADrainDelay_FailsReadinessAtOnceAndKeepsServingUntilTheDelayEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        _database = await server.CreateDatabaseAsync();
        var drain = TimeSpan.FromSeconds(5);
        using var running = await RunningApp.StartAsync(
            server.ConnectionStringFor(_database), new() { ["SHUTDOWN_DRAIN_SECONDS"] = drain.TotalSeconds.ToString() });
        using var client = new HttpClient { BaseAddress = running.Address };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/health", ct)).StatusCode);

        var signalled = Stopwatch.StartNew();
        await running.SendSigtermAsync();
        // The signal is handled on another thread of the app: readiness turns within moments.
        HttpResponseMessage readiness;
        do
        {
            readiness = await client.GetAsync("/api/v1/health", ct);
        }
        while (readiness.StatusCode == HttpStatusCode.OK && signalled.Elapsed < TimeSpan.FromSeconds(2));
        var problem = await ProblemAssert.IsProblemAsync(readiness, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Shutting down", problem.GetProperty("title").GetString());
        Assert.True(readiness.Headers.RetryAfter is not null, "a draining readiness answer carries Retry-After");

        // Still serving, new connections included, and telling keep-alive clients to go elsewhere.
        using (var fresh = new HttpClient { BaseAddress = running.Address })
        {
            var live = await fresh.GetAsync("/api/v1/health/live", ct);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.True(live.Headers.ConnectionClose, "a response while draining closes its connection");
        }
        Assert.True(signalled.Elapsed < drain, "the checks above ran after the drain had ended; the test proved nothing");

        await running.Process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.True(signalled.Elapsed >= drain, $"the app exited {signalled.Elapsed} after SIGTERM, before its {drain} drain");
        Assert.Equal(0, running.Process.ExitCode);
        Assert.Contains(running.Output, line => line.Contains("Draining", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await server.DropDatabaseAsync(_database);
        }
    }

}
