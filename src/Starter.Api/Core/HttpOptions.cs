using System.ComponentModel.DataAnnotations;

namespace Starter.Core;

/// <summary>Limits on what a client may send.</summary>
public sealed class HttpOptions
{
    /// <summary>Largest request body accepted, in bytes; larger ones get 413. Default 1 MiB.</summary>
    [ConfigurationKeyName("MAX_REQUEST_BODY_BYTES")]
    [Range(1024, 1L << 30)]
    public long MaxRequestBodyBytes { get; set; } = 1L << 20;
}
