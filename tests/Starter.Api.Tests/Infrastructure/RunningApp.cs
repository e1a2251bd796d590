using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Starter.Tests.Infrastructure;

/// <summary>
/// The app as a real process on Kestrel (127.0.0.1, a free port), for what the in-memory server does
/// not do: signals, raw HTTP parsing, server limits. Killed on dispose if still running.
/// </summary>
public sealed partial class RunningApp : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();

    private RunningApp(Process process) => Process = process;

    public Process Process { get; }

    public Uri Address { get; private set; } = null!;

    public IReadOnlyCollection<string> Output => _output;

    public static async Task<RunningApp> StartAsync(string connectionString, Dictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(settings ?? []) { ["DATABASE_URL"] = connectionString };
        var process = AppProcess.Start(["--urls", "http://127.0.0.1:0"], environment);
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new RunningApp(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            app._output.Enqueue(e.Data);
            if (ListeningOn().Match(e.Data) is { Success: true } match)
            {
                address.TrySetResult(match.Value);
            }
        };
        process.Exited += (_, _) => address.TrySetException(new InvalidOperationException("The app exited before it listened."));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        app.Address = new Uri(await address.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        return app;
    }

    /// <summary>Sends SIGTERM, as an orchestrator stopping the container does, and returns once it is sent.</summary>
    public async Task SendSigtermAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", Process.Id.ToString()])!;
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }
        Process.Dispose();
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex ListeningOn();
}
