using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Starter.Auth.Mail;
using Starter.Db;
using Starter.Models;

namespace Starter.Auth;

/// <summary>
/// Accounts (ASP.NET Core Identity over <see cref="AppDbContext"/>), this API's bearer tokens, an
/// optional outside OpenID Connect issuer, and the key ring that protects tokens, kept in PostgreSQL
/// so every instance and every restart accepts the same tokens.
/// </summary>
public static partial class AuthRegistration
{
    /// <summary>The scheme protected endpoints authenticate with: this API's tokens, and an outside issuer's JWTs when set.</summary>
    public const string Scheme = "Bearer";

    /// <summary>The handler of an outside issuer's JWTs (its default name, "Bearer", is <see cref="Scheme"/>'s).</summary>
    public const string ExternalScheme = "ExternalJwt";

    /// <summary>The stricter per-client limit of the endpoints that check a password or send mail.</summary>
    public const string RateLimitPolicy = "auth";

    private const string BearerTokenPurpose = "Microsoft.AspNetCore.Authentication.BearerToken";

    // Not the content root (the default): instances in other folders must read each other's tokens.
    private const string KeyRingName = "Starter";

    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.Get<AuthOptions>() ?? new AuthOptions();
        var services = builder.Services;
        var keyRing = services.AddDataProtection().SetApplicationName(KeyRingName);
        if (builder.Configuration.Get<KeyRingOptions>() is { HasCertificate: true } keyRingOptions)
        {
            keyRing.ProtectKeysWithCertificate(keyRingOptions.LoadCertificate());
        }
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((keys, dataSource) =>
            keys.XmlRepository = new KeyRingRepository(dataSource));
        services.AddIdentityCore<User>(identity => Configure(identity, options))
            // Roles before the stores: the stores then keep user_roles too, and tokens carry role claims.
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddUserValidator<AddressLengthValidator>()
            .AddPasswordValidator<PasswordLengthValidator>()
            .AddApiEndpoints()
            .AddSignInManager<AppSignInManager>();
        services.Replace(ServiceDescriptor.Scoped<ILookupNormalizer, AddressNormalizer>());
        services.Replace(ServiceDescriptor.Scoped<IUserStore<User>, ProtectedSecretsUserStore>());
        services.AddMail(builder.Configuration.Get<SmtpOptions>() ?? new SmtpOptions());
        services.AddScoped<ExternalUsers>();
        services.AddSingleton(new ExpiringRows("refresh token families", (db, now, ct) =>
            db.Set<RefreshTokenFamily>().Where(f => f.ExpiresAt <= now).ExecuteDeleteAsync(ct)));
        services.AddMemoryCache(cache => cache.SizeLimit = 100_000);

        var authentication = services.AddAuthentication(Scheme)
            .AddBearerToken(IdentityConstants.BearerScheme, bearer =>
            {
                bearer.BearerTokenExpiration = TimeSpan.FromMinutes(options.AccessTokenTtlMinutes);
                bearer.RefreshTokenExpiration = TimeSpan.FromDays(options.RefreshTokenTtlDays);
            });
        // The framework's purposes, so the tokens are the framework's: only an outage reads differently.
        services.AddHttpContextAccessor();
        services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme).Configure<IDataProtectionProvider, IHttpContextAccessor>((bearer, keys, http) =>
        {
            var tokens = keys.CreateProtector(BearerTokenPurpose, IdentityConstants.BearerScheme);
            bearer.BearerTokenProtector = new OutageAwareTicketFormat(tokens.CreateProtector("BearerToken"));
            bearer.RefreshTokenProtector = new RefreshTokenFormat(new OutageAwareTicketFormat(tokens.CreateProtector("RefreshToken")), http);
        });
        if (options.HasAuthority)
        {
            authentication.AddJwtBearer(ExternalScheme, jwt => ConfigureJwt(jwt, options));
        }
        // One scheme name for clients and the document; each token goes to the one handler that can read it.
        authentication.AddPolicyScheme(Scheme, "Bearer token", policy => policy.ForwardDefaultSelector = context =>
        {
            NormalizeScheme(context.Request);
            return options.HasAuthority && IsJwt(context.Request.Headers.Authorization) ? ExternalScheme : IdentityConstants.BearerScheme;
        });

        services.AddScoped<IAuthorizationHandler, AdminRequirementHandler>();
        services.AddScoped<UserAdministration>();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(Scheme).RequireAuthenticatedUser().Build())
            .AddPolicy(Roles.AdminPolicy, admin => admin.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().AddRequirements(new AdminRequirement()));
        services.AddRateLimiter(limiter => limiter.AddPolicy(RateLimitPolicy, context =>
            options.AuthRateLimitPerMinute == 0
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.AuthRateLimitPerMinute, Window = TimeSpan.FromMinutes(1) })));
        return builder;
    }

    public static WebApplication UseAuth(this WebApplication app)
    {
        if (app.Environment.IsProduction() && app.Services.GetRequiredService<IOptions<KeyRingOptions>>().Value is { HasCertificate: false })
        {
            LogKeyRingUnencrypted(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<KeyRingOptions>());
        }
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static void Configure(IdentityOptions identity, AuthOptions options)
    {
        identity.User.RequireUniqueEmail = true;
        // The user name is the email address here: any character an address may hold ("o'brien@…").
        identity.User.AllowedUserNameCharacters = "";
        identity.Password.RequiredLength = options.PasswordMinLength;
        identity.Password.RequireDigit = options.PasswordRequireMixed;
        identity.Password.RequireLowercase = options.PasswordRequireMixed;
        identity.Password.RequireUppercase = options.PasswordRequireMixed;
        identity.Password.RequireNonAlphanumeric = options.PasswordRequireMixed;
        identity.Lockout.AllowedForNewUsers = true;
        identity.Lockout.MaxFailedAccessAttempts = options.LockoutMaxFailedAttempts;
        identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(options.LockoutMinutes);
        identity.SignIn.RequireConfirmedEmail = options.RequireConfirmedEmail;
    }

    private static void ConfigureJwt(JwtBearerOptions jwt, AuthOptions options)
    {
        jwt.Authority = options.Authority;
        jwt.Audience = options.Audience;
        jwt.RequireHttpsMetadata = new Uri(options.Authority!).Scheme == Uri.UriSchemeHttps;
        // Keep "sub" as "sub": the local user id goes in the name identifier.
        jwt.MapInboundClaims = false;
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = async context =>
            {
                var users = context.HttpContext.RequestServices.GetRequiredService<ExternalUsers>();
                var local = await users.LocalPrincipalAsync(context.Principal!);
                if (local is null)
                {
                    context.Fail("The token has no iss claim, or no sub claim of 1 to 255 visible ASCII characters.");
                    return;
                }
                context.Principal = local;
            },
        };
    }

    /// <summary>
    /// "bearer …" as "Bearer …": the scheme name is case-insensitive (RFC 9110), but Identity's
    /// bearer-token handler reads only the capitalised one.
    /// </summary>
    private static void NormalizeScheme(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            request.Headers.Authorization = "Bearer " + authorization[7..];
        }
    }

    /// <summary>A JWT has three dot-separated parts; this API's own tokens have no dot.</summary>
    private static bool IsJwt(string? authorization) =>
        authorization is { } value
        && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && value.AsSpan(7).Count('.') == 2;

    [LoggerMessage(LogLevel.Warning, "The key ring is stored unencrypted in data_protection_keys: whoever reads the database can forge tokens. Set DATA_PROTECTION_CERTIFICATE_PATH to encrypt it.")]
    private static partial void LogKeyRingUnencrypted(ILogger logger);
}
