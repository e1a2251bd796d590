using System.Security.Cryptography.X509Certificates;

namespace Starter.Auth;

/// <summary>
/// The key ring (the keys that protect every token, authenticator key and queued mail) is kept in
/// <c>data_protection_keys</c>; with a certificate, each key is stored encrypted to it, so a copy of
/// the database alone opens nothing.
/// </summary>
public sealed class KeyRingOptions
{
    /// <summary>A PKCS#12 (.pfx) file with an RSA certificate and its private key, mounted as a secret.</summary>
    [ConfigurationKeyName("DATA_PROTECTION_CERTIFICATE_PATH")]
    public string? CertificatePath { get; set; }

    /// <summary>The .pfx file's password, if it has one.</summary>
    [ConfigurationKeyName("DATA_PROTECTION_CERTIFICATE_PASSWORD")]
    public string? CertificatePassword { get; set; }

    public bool HasCertificate => !string.IsNullOrWhiteSpace(CertificatePath);

    public X509Certificate2 LoadCertificate() =>
        X509CertificateLoader.LoadPkcs12FromFile(CertificatePath!, CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
}
