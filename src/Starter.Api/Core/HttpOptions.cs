using System.ComponentModel.DataAnnotations;

namespace Starter.Core;

/// <summary>What clients may send and from where: body size, CORS, rate limit, proxies, HTTPS.</summary>
public sealed class HttpOptions
{
    /// <summary>Largest request body accepted, in bytes; larger ones get 413. Default 1 MiB.</summary>
    [ConfigurationKeyName("MAX_REQUEST_BODY_BYTES")]
    [Range(1024, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 1L << 20;

    /// <summary>Comma-separated browser origins allowed to call the API (https://app.example.com). Empty: CORS off.</summary>
    [ConfigurationKeyName("CORS_ORIGINS")]
    public string? CorsOrigins { get; set; }

    /// <summary>
    /// Requests per minute per client IP; 0 (the default) turns rate limiting off. Off by default: set
    /// behind a load balancer without <see cref="TrustedProxies"/>, every client would share the
    /// balancer's address and one limit. Health probes are not counted.
    /// </summary>
    [ConfigurationKeyName("RATE_LIMIT_PER_MINUTE")]
    [Range(0, 1_000_000)]
    public int RateLimitPerMinute { get; set; }

    /// <summary>Comma-separated IPs or CIDR ranges of reverse proxies whose X-Forwarded-* headers are believed.</summary>
    [ConfigurationKeyName("TRUSTED_PROXIES")]
    public string? TrustedProxies { get; set; }

    /// <summary>Redirect HTTP to HTTPS and send HSTS. For when this process itself serves HTTPS.</summary>
    [ConfigurationKeyName("ENFORCE_HTTPS")]
    public bool EnforceHttps { get; set; }

    public IReadOnlyList<string> CorsOriginList => Split(CorsOrigins);

    public IReadOnlyList<string> TrustedProxyList => Split(TrustedProxies);

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
