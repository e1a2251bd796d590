using Starter.Core;

namespace Starter.Observability;

/// <summary>One JSON object per line in Production (for log shippers), readable text elsewhere; <c>LOG_FORMAT</c> overrides.</summary>
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
        }
        else
        {
            builder.Logging.AddSimpleConsole(options => options.TimestampFormat = "HH:mm:ss ");
        }
    }
}
