using System.Diagnostics;

namespace Starter.Tests.Infrastructure;

/// <summary>Runs the built app as its own process, the way a deploy step or a container would.</summary>
public static class AppProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(IEnumerable<string> args, Dictionary<string, string>? environment = null)
    {
        using var process = Start(args, environment);
        return await WaitAsync(process, TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// The output and exit code of a started process whose output is redirected; past
    /// <paramref name="timeLimit"/> it is killed with its children, and the wait fails.
    /// </summary>
    public static async Task<Result> WaitAsync(Process process, TimeSpan timeLimit)
    {
        var ct = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the app (Production unless told otherwise) with its output redirected; the caller stops it.</summary>
    public static Process Start(IEnumerable<string> args, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            // Outside the checkout, so no .env is found.
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Starter.Api.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment.Remove("DATABASE_URL");
        info.Environment.Remove("APP_NAME");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? [])
        {
            info.Environment[key] = value;
        }

        return Process.Start(info)!;
    }
}
