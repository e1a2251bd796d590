using System.ComponentModel.DataAnnotations;
using Starter.Models;

namespace Starter.Schemas;

/// <summary>A new item.</summary>
public sealed record ItemCreate : IExample<ItemCreate>
{
    public static ItemCreate Example { get; } = new() { Title = "Buy milk", Description = "Two litres, semi-skimmed." };

    /// <summary>1 to 200 characters, not only white space.</summary>
    [Required, NotBlank, MaxLength(Item.TitleMaxLength)]
    public string Title { get; init; } = "";

    /// <summary>Up to 2000 characters.</summary>
    [MaxLength(Item.DescriptionMaxLength)]
    public string? Description { get; init; }
}
