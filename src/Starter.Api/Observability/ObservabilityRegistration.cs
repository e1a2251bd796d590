namespace Starter.Observability;

/// <summary>Logs, traces and metrics: what an operator sees of this process.</summary>
public static class ObservabilityRegistration
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        LogFormat.Configure(builder);
        Telemetry.Configure(builder);
        return builder;
    }
}
