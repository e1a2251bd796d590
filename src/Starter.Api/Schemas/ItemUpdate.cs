using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Starter.Models;

namespace Starter.Schemas;

/// <summary>
/// A partial update: a field left out stays as it is; a field sent as null is cleared where it may be empty.
/// </summary>
// System.Text.Json calls a setter only for a field the body contains: that is how the Has… flags
// tell "left out" from "null". Plain setters, not init: for init-only properties the JSON source
// generator assigns every property, present in the body or not.
public sealed record ItemUpdate : IExample<ItemUpdate>
{
    public static ItemUpdate Example => new() { Title = "Buy oat milk", Description = "One litre." };

    private string? _title;
    private string? _description;

    /// <summary>1 to 200 characters, not only white space. Cannot be null.</summary>
    // Null when left out, but null is refused when sent ([DisallowNull] with RespectNullableAnnotations).
    [NotBlank, MaxLength(Item.TitleMaxLength), DisallowNull]
    public string? Title
    {
        get => _title;
        set => (_title, HasTitle) = (value, true);
    }

    /// <summary>Up to 2000 characters; null clears it.</summary>
    [MaxLength(Item.DescriptionMaxLength)]
    public string? Description
    {
        get => _description;
        set => (_description, HasDescription) = (value, true);
    }

    [JsonIgnore]
    public bool HasTitle { get; private set; }

    [JsonIgnore]
    public bool HasDescription { get; private set; }
}
