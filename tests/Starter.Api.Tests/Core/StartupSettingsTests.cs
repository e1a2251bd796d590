using Starter.Tests.Infrastructure;

namespace Starter.Tests.Core;

/// <summary>Runs the real app binary: a bad setting must stop it before it listens, with one line per problem.</summary>
public sealed class StartupSettingsTests
{
    private static readonly string[] Listen = ["--urls", "http://127.0.0.1:0"];

    [Fact]
    public async Task Start_InProductionWithoutDatabaseUrl_ExitsNonZeroWithOneClearLine()
    {
        var result = await AppProcess.RunAsync(Listen);

        Assert.Equal(78, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: DATABASE_URL is required in the Production environment", line);
    }

    [Fact]
    public async Task Start_WithSeveralBadSettings_ListsEachAndNeverThePassword()
    {
        var result = await AppProcess.RunAsync(Listen, new()
        {
            ["DATABASE_URL"] = "postgresql://app:hunter2@db:notaport/app",
            ["APP_NAME"] = new string('x', 101),
            ["MAX_REQUEST_BODY_BYTES"] = "10",
        });

        Assert.Equal(78, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.Contains("APP_NAME", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("DATABASE_URL", StringComparison.Ordinal) && l.Contains("port", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("MAX_REQUEST_BODY_BYTES", StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2", result.Stderr);
        Assert.DoesNotContain("hunter2", result.Stdout);
    }
}
