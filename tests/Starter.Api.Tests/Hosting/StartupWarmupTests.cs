using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Starter.Db;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Hosting;

/// <summary>
/// A new instance runs its hot queries before readiness answers (Services/StartupWarmup.cs): probes
/// against an app whose warm-up query never comes back.
/// </summary>
public sealed class StartupWarmupTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readiness_WaitsForTheWarmup_WhichGivesUpOnAHungDatabase_AndLivenessAnswersMeanwhile()
    {
        var logs = new CapturedLogs();
        var hung = new HungItemQueries();
        using var app = factory.WithWebHostBuilder(b => b
            .ConfigureLogging(l => l.AddProvider(logs))
            .ConfigureTestServices(s => s.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(hung))));
        var client = app.CreateClient();

        var live = await client.GetAsync("/api/v1/health/live", Ct);
        var ready = await client.GetAsync("/api/v1/health", Ct);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True(hung.Reached.Task.IsCompleted, "the warm-up never ran an item query");
        // Readiness answered only after the warm-up had given up on its query (bounded like the
        // health check), and then by its own check, which does not read items.
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(logs.Lines, line => line.Level == LogLevel.Warning && line.Message.StartsWith("Start-up warm-up skipped", StringComparison.Ordinal));
    }

    /// <summary>Holds every query that reads items until it is cancelled: only the warm-up reads items here.</summary>
    private sealed class HungItemQueries : DbCommandInterceptor
    {
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FROM items", StringComparison.Ordinal))
            {
                Reached.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return result;
        }
    }
}
