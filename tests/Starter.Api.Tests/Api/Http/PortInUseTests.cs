using System.Net;
using System.Net.Sockets;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.Http;

/// <summary>Regression: a port in use ended the process with SIGABRT (134) and the stack trace twice.</summary>
public sealed class PortInUseTests(TestDatabaseServer server)
{
    [Theory]
    [InlineData("--urls", "http://127.0.0.1:{0}")]
    [InlineData("ASPNETCORE_URLS", "http://127.0.0.1:{0}")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "{0}")]
    public async Task Start_OnAnAddressInUse_ExitsWith1AndOneLineSayingHowToChooseAnother(string setting, string value)
    {
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var environment = new Dictionary<string, string> { ["DATABASE_URL"] = server.ConnectionStringFor("postgres") };
        string[] args = [];
        if (setting.StartsWith("--", StringComparison.Ordinal))
        {
            args = [setting, string.Format(value, port)];
        }
        else
        {
            environment[setting] = string.Format(value, port);
        }

        var result = await AppProcess.RunAsync(args, environment);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($":{port}: the address is already in use", line);
        Assert.Contains("--urls", line);
        Assert.DoesNotContain("Exception", result.Stdout + result.Stderr);
    }
}
