using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Trace;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Observability;

public sealed class RequestLoggingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task EveryRequest_LogsOneLineWithMethodRouteStatusDurationAndTrace()
    {
        var logs = new CapturedLogs();
        using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var client = app.CreateCallerClient();

        (string Path, string Line)[] expected =
        [
            ("/api/v1/health/live?secret=query-value", @"^GET /api/v1/health/live 200 in \d+\.\d ms \(trace [0-9a-f]{32}\)$"),
            //#if (IncludeSample)
            ("/api/v1/items/424242?secret=query-value", @"^GET /api/v1/items/\{id\} 404 in \d+\.\d ms \(trace [0-9a-f]{32}\)$"),
            //#endif
            ("/nowhere", @"^GET /nowhere 404 in "),
            (ThrowingEndpoint.Path, $@"^GET {ThrowingEndpoint.Path} 500 in "),
            //#if (IncludeSample)
            ("/api/v1/items/not-a-number", @"^GET /api/v1/items/\{id\} 400 in "),
            ("/api/v1/items?limit=1", @"^GET /api/v1/items 200 in "),
            //#endif
        ];
        foreach (var (path, _) in expected)
        {
            await client.GetAsync(path, TestContext.Current.CancellationToken);
        }

        var requests = logs.Lines.Where(l => l.Category == "Starter.Requests").Select(l => l.Message).ToList();
        Assert.Equal(expected.Length, requests.Count);
        Assert.All(expected.Zip(requests), pair => Assert.Matches(pair.First.Line, pair.Second));
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("query-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_NeverContainTheDatabasePassword_EvenWhenTheDatabaseFails()
    {
        var logs = new CapturedLogs();
        const string password = "pw-that-must-not-leak-1234";
        using var app = factory.WithWebHostBuilder(b => b
            .UseSetting("DATABASE_URL", $"postgresql://app:{password}@127.0.0.1:1/app")
            .ConfigureLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/api/v1/health", TestContext.Current.CancellationToken)).StatusCode);
        //#if (IncludeAuth)
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "a@example.com", password = "Passw0rd!" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);
        //#endif

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public void Telemetry_IsRegisteredOnlyWhenAnOtlpEndpointIsSet()
    {
        using var without = factory.WithWebHostBuilder(_ => { });
        using var with = factory.WithWebHostBuilder(b => b.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317"));

        Assert.Null(without.Services.GetService<TracerProvider>());
        Assert.NotNull(with.Services.GetService<TracerProvider>());
        Assert.NotNull(with.Services.GetService<NpgsqlDataSource>());
    }
}
