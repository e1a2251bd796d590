using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Starter.Auth;

/// <summary>
/// The form addresses and user names are compared in: Unicode compatibility-composed (NFKC), then
/// upper-cased. Identity's default only upper-cases, so "é" typed as one character or as "e" with a
/// combining accent, or the Kelvin sign for "K", made two accounts of what reads as one address.
/// </summary>
public sealed class AddressNormalizer : ILookupNormalizer
{
    public string? NormalizeName(string? name) => Normalize(name);

    public string? NormalizeEmail(string? email) => Normalize(email);

    private static string? Normalize(string? value)
    {
        if (value is null)
        {
            return null;
        }
        try
        {
            return value.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        }
        catch (ArgumentException)
        {
            // Not valid Unicode (a lone surrogate): there is no composed form, and no one can type it twice.
            return value.ToUpperInvariant();
        }
    }
}
