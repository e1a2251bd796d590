using System.ComponentModel.DataAnnotations;

namespace Starter.Core;

/// <summary>How the service presents itself and runs: name, docs, log format, shutdown.</summary>
public sealed class AppOptions
{
    /// <summary>Shown at <c>/</c> and as the OpenAPI title.</summary>
    [ConfigurationKeyName("APP_NAME")]
    [Required, MinLength(1), MaxLength(100)]
    public string Name { get; set; } = "Starter";

    /// <summary>Serve /docs, /redoc and /openapi/v1.json. Turn off for an API nobody outside should browse.</summary>
    [ConfigurationKeyName("DOCS_ENABLED")]
    public bool DocsEnabled { get; set; } = true;

    /// <summary>"json" (one JSON object per line) or "text"; unset: json in Production, text elsewhere.</summary>
    [ConfigurationKeyName("LOG_FORMAT")]
    [AllowedValues(null, "", "json", "text")]
    public string? LogFormat { get; set; }

    /// <summary>
    /// How long the app keeps serving after SIGTERM with readiness already failing, so that balancers
    /// stop routing here before the port closes. 0 in Development.
    /// </summary>
    [ConfigurationKeyName("SHUTDOWN_DRAIN_SECONDS")]
    [Range(0, 300)]
    public int ShutdownDrainSeconds { get; set; } = 5;

    /// <summary>After the drain, how long in-flight requests get to finish before the process exits anyway.</summary>
    [ConfigurationKeyName("SHUTDOWN_TIMEOUT_SECONDS")]
    [Range(1, 600)]
    public int ShutdownTimeoutSeconds { get; set; } = 30;
}
