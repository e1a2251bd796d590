using System.ComponentModel.DataAnnotations;

namespace Starter.Schemas;

/// <summary>A string, when present, must hold more than white space. Null is left to <c>[Required]</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class NotBlankAttribute() : ValidationAttribute("The value must not be blank.")
{
    /// <summary>The same rule as a JSON Schema pattern (unanchored: somewhere, one character that is not white space).</summary>
    public const string Pattern = @"\S";

    public override bool IsValid(object? value) => value is not string text || !string.IsNullOrWhiteSpace(text);
}
