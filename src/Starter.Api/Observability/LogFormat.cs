using Microsoft.Extensions.Logging.Console;
using Starter.Core;

namespace Starter.Observability;

/// <summary>
/// One JSON object per line in Production (for log shippers), readable text elsewhere; <c>LOG_FORMAT</c>
/// overrides. JSON lines go out in batches (<see cref="BatchedConsoleLoggerProvider"/>): with a line
/// per request, the stock console logger's cost per line showed up in every request.
/// </summary>
public static class LogFormat
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var app = builder.Configuration.Get<AppOptions>() ?? new AppOptions();
        var json = app.LogFormat is { Length: > 0 } format ? format == "json" : builder.Environment.IsProduction();
        builder.Logging.ClearProviders();
        if (json)
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.UseUtcTimestamp = true;
            });
            var stock = builder.Services.Single(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider));
            builder.Services.Remove(stock);
            builder.Services.AddSingleton<ILoggerProvider, BatchedConsoleLoggerProvider>();
        }
        else
        {
            builder.Logging.AddSimpleConsole(options => options.TimestampFormat = "HH:mm:ss ");
        }
    }
}
