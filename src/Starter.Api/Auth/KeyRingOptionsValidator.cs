using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace Starter.Auth;

/// <summary>The certificate loads, with an RSA private key: keys encrypted to it must be readable again.</summary>
public sealed class KeyRingOptionsValidator : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
    {
        if (!options.HasCertificate)
        {
            return ValidateOptionsResult.Success;
        }
        try
        {
            using var certificate = options.LoadCertificate();
            using var key = certificate.GetRSAPrivateKey();
            return key is null
                ? ValidateOptionsResult.Fail($"DATA_PROTECTION_CERTIFICATE_PATH: {options.CertificatePath} has no RSA private key; the key ring needs one to read its keys back.")
                : ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail(
                $"DATA_PROTECTION_CERTIFICATE_PATH: cannot read a .pfx certificate from {options.CertificatePath} (with DATA_PROTECTION_CERTIFICATE_PASSWORD, if set): {e.Message}");
        }
    }
}
