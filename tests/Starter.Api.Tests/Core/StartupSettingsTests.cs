using System.Diagnostics;

namespace Starter.Tests.Core;

/// <summary>Runs the real app binary: a bad setting must stop it before it listens, with one line per problem.</summary>
public sealed class StartupSettingsTests
{
    [Fact]
    public async Task Start_InProductionWithoutDatabaseUrl_ExitsNonZeroWithOneClearLine()
    {
        var (exitCode, stderr) = await RunAppAsync(new() { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.Equal(78, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: DATABASE_URL is required in the Production environment", line);
    }

    [Fact]
    public async Task Start_WithSeveralBadSettings_ListsEachAndNeverThePassword()
    {
        var (exitCode, stderr) = await RunAppAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DATABASE_URL"] = "postgresql://app:hunter2@db:notaport/app",
            ["APP_NAME"] = new string('x', 101),
        });

        Assert.Equal(78, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.Contains("APP_NAME", StringComparison.Ordinal) || l.Contains("Name", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("DATABASE_URL", StringComparison.Ordinal) && l.Contains("port", StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2", stderr);
    }

    private static async Task<(int ExitCode, string Stderr)> RunAppAsync(Dictionary<string, string> environment)
    {
        var ct = TestContext.Current.CancellationToken;
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Starter.Api.dll"), "--urls", "http://127.0.0.1:0" },
            // Outside the checkout, so no .env is found.
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.Environment.Remove("DATABASE_URL");
        info.Environment.Remove("APP_NAME");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync(ct);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
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
        await stdout;
        return (process.ExitCode, await stderr);
    }
}
