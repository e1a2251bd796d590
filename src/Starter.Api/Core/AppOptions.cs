using System.ComponentModel.DataAnnotations;

namespace Starter.Core;

/// <summary>What the service calls itself (shown at <c>/</c> and in the OpenAPI document).</summary>
public sealed class AppOptions
{
    [ConfigurationKeyName("APP_NAME")]
    [Required, MinLength(1), MaxLength(100)]
    public string Name { get; set; } = "Starter";
}
