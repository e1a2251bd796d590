using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Starter.Observability;

/// <summary>
/// OpenTelemetry traces and metrics for ASP.NET Core, outgoing HTTP and Npgsql, exported over OTLP.
/// Registered only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, so it costs nothing otherwise.
/// The exporter reads the standard OTEL_* variables (service name, headers, protocol) itself.
/// </summary>
public static class Telemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void Configure(WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointVariable]))
        {
            return;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("Npgsql"))
            .UseOtlpExporter();
    }
}
