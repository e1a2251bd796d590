using System.ComponentModel.DataAnnotations;

namespace Starter.Auth;

/// <summary>Accounts and tokens: lifetimes, password rules, lockout, sign-in limits, an outside issuer.</summary>
public sealed class AuthOptions
{
    /// <summary>How long an access token from <c>/api/v1/auth/login</c> is accepted, in minutes.</summary>
    [ConfigurationKeyName("ACCESS_TOKEN_TTL_MINUTES")]
    [Range(1, 24 * 60)]
    public int AccessTokenTtlMinutes { get; set; } = 60;

    /// <summary>How long a refresh token can be exchanged for new tokens, in days.</summary>
    [ConfigurationKeyName("REFRESH_TOKEN_TTL_DAYS")]
    [Range(1, 365)]
    public int RefreshTokenTtlDays { get; set; } = 14;

    /// <summary>Shortest password accepted at register and reset.</summary>
    [ConfigurationKeyName("PASSWORD_MIN_LENGTH")]
    [Range(6, 128)]
    public int PasswordMinLength { get; set; } = 8;

    /// <summary>Longest password accepted at register, reset and change: hashing has a bounded cost.</summary>
    [ConfigurationKeyName("PASSWORD_MAX_LENGTH")]
    [Range(8, 4096)]
    public int PasswordMaxLength { get; set; } = 128;

    /// <summary>Whether a password needs a digit, a lower- and an upper-case letter and a symbol.</summary>
    [ConfigurationKeyName("PASSWORD_REQUIRE_MIXED")]
    public bool PasswordRequireMixed { get; set; } = true;

    /// <summary>Failed logins in a row before the account is locked out.</summary>
    [ConfigurationKeyName("LOCKOUT_MAX_FAILED_ATTEMPTS")]
    [Range(1, 100)]
    public int LockoutMaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked-out account stays locked, in minutes.</summary>
    [ConfigurationKeyName("LOCKOUT_MINUTES")]
    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Refuse login until the address is confirmed through the emailed link.</summary>
    [ConfigurationKeyName("REQUIRE_CONFIRMED_EMAIL")]
    public bool RequireConfirmedEmail { get; set; }

    /// <summary>Requests per minute per client IP to login, register and the password-reset endpoints; 0 = no limit.</summary>
    [ConfigurationKeyName("AUTH_RATE_LIMIT_PER_MINUTE")]
    [Range(0, 100_000)]
    public int AuthRateLimitPerMinute { get; set; } = 10;

    /// <summary>
    /// An OpenID Connect issuer (https://login.example.com/realms/acme) whose JWT access tokens are
    /// accepted beside this API's own. Unset: only this API's tokens.
    /// </summary>
    [ConfigurationKeyName("AUTH_AUTHORITY")]
    public string? Authority { get; set; }

    /// <summary>The <c>aud</c> those JWTs must carry: this API's identifier at the issuer. Required with <see cref="Authority"/>.</summary>
    [ConfigurationKeyName("AUTH_AUDIENCE")]
    public string? Audience { get; set; }

    public bool HasAuthority => !string.IsNullOrWhiteSpace(Authority);
}
