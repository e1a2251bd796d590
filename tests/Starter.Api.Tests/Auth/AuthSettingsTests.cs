using Starter.Tests.Infrastructure;

namespace Starter.Tests.Auth;

/// <summary>The account settings are checked at start like every other: the real binary stops before it listens.</summary>
public sealed class AuthSettingsTests
{
    private static readonly string[] Listen = ["--urls", "http://127.0.0.1:0"];

    [Fact]
    public async Task Start_WithBadAuthSettings_ListsEach()
    {
        var result = await AppProcess.RunAsync(Listen, new()
        {
            ["DATABASE_URL"] = "postgresql://app:pw@127.0.0.1:5432/app",
            ["ACCESS_TOKEN_TTL_MINUTES"] = "0",
            ["LOCKOUT_MAX_FAILED_ATTEMPTS"] = "0",
            ["PASSWORD_MIN_LENGTH"] = "3",
            ["AUTH_AUTHORITY"] = "http://login.example.com/realms/acme",
        });

        Assert.Equal(78, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        foreach (var key in new[] { "ACCESS_TOKEN_TTL_MINUTES", "LOCKOUT_MAX_FAILED_ATTEMPTS", "PASSWORD_MIN_LENGTH", "AUTH_AUTHORITY must be the issuer's https URL", "AUTH_AUDIENCE is required" })
        {
            Assert.Contains(lines, l => l.StartsWith("Configuration error: ", StringComparison.Ordinal) && l.Contains(key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Start_WithAMinimumPasswordLengthOverTheMaximum_SaysSo()
    {
        var result = await AppProcess.RunAsync(Listen, new()
        {
            ["DATABASE_URL"] = "postgresql://app:pw@127.0.0.1:5432/app",
            ["PASSWORD_MIN_LENGTH"] = "20",
            ["PASSWORD_MAX_LENGTH"] = "12",
        });

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("PASSWORD_MIN_LENGTH is over PASSWORD_MAX_LENGTH", result.Stderr);
    }

    [Fact]
    public async Task Start_WithAnAudienceButNoAuthority_SaysSetBothOrNeither()
    {
        var result = await AppProcess.RunAsync(Listen, new()
        {
            ["DATABASE_URL"] = "postgresql://app:pw@127.0.0.1:5432/app",
            ["AUTH_AUDIENCE"] = "starter-api",
        });

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("AUTH_AUDIENCE is set but AUTH_AUTHORITY is not", result.Stderr);
    }

    [Fact]
    public async Task Start_WithAMailHostButNoSender_AnUnknownTlsMode_AndAnUnreadableCertificate_ListsEach()
    {
        var result = await AppProcess.RunAsync(Listen, new()
        {
            ["DATABASE_URL"] = "postgresql://app:pw@127.0.0.1:5432/app",
            ["SMTP_HOST"] = "smtp.example.com",
            ["SMTP_TLS"] = "maybe",
            ["SMTP_PASSWORD"] = "secret",
            ["DATA_PROTECTION_CERTIFICATE_PATH"] = "/nonexistent/key-ring.pfx",
        });

        Assert.Equal(78, result.ExitCode);
        foreach (var expected in new[] { "SMTP_TLS", "SMTP_FROM is required with SMTP_HOST", "SMTP_PASSWORD is set but SMTP_USERNAME is not", "DATA_PROTECTION_CERTIFICATE_PATH: cannot read" })
        {
            Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("secret", result.Stderr, StringComparison.Ordinal);
    }
}
