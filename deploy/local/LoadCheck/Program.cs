using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Starter.Deploy.LoadCheck;

// deploy/local/check.sh's load generator: one phase of steady reads and idempotent creates through
// nginx, until SIGTERM; then the counts as JSON on stdout. Usage: LoadOptions.Usage.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{e.Message}{Environment.NewLine}{LoadOptions.Usage}");
    return 64;
}

// SIGTERM or SIGINT: no new requests; what is in flight finishes, within the hard bound.
using var stopping = new CancellationTokenSource(options.MaxDuration);
using var hard = new CancellationTokenSource(options.MaxDuration + TimeSpan.FromSeconds(30));
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

using var http = new HttpClient(new SocketsHttpHandler
{
    ConnectTimeout = TimeSpan.FromSeconds(2),
    MaxConnectionsPerServer = options.Readers + options.Creators + 1,
})
{
    BaseAddress = options.BaseUrl,
    // Past nginx's own bounds (10 s to find an instance, 40 s to read): an answer this late is lost.
    Timeout = TimeSpan.FromSeconds(15),
};
using var recorder = new Recorder(options.AcksFile, options.EventsFile);
var api = new ApiClient(http, new Pacer(options.RatePerSecond), recorder);
var run = new LoadRun(options, api, recorder);

try
{
    await run.SetUpAsync(hard.Token);
}
catch (SetupException e)
{
    Console.Error.WriteLine($"LoadCheck {options.Phase}: could not start: {e.Message}");
    return 2;
}
if (options.ReadyFile is not null)
{
    await File.WriteAllTextAsync(options.ReadyFile, $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}\n");
}
Console.Error.WriteLine(
    $"LoadCheck {options.Phase}: {options.Readers} readers, {options.Creators} creators, {options.RatePerSecond} requests/s "
    + $"against {options.BaseUrl} until SIGTERM (at most {options.MaxDuration.TotalSeconds} s)");

var clock = Stopwatch.StartNew();
await run.RunAsync(stopping.Token, hard.Token);
var (report, passed) = run.Report(clock.Elapsed);
Console.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
return passed ? 0 : 1;

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stopping.Cancel();
}
