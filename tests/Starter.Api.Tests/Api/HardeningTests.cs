using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api;

/// <summary>Security headers, HTTPS, CORS, rate limiting and docs switching, as configured by settings.</summary>
public sealed class HardeningTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/", "default-src 'none'")]
    [InlineData("/no/such/route", "default-src 'none'")]
    [InlineData(ThrowingEndpoint.Path, "default-src 'none'")]
    [InlineData("/docs/index.html", "default-src 'self'")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path, string policy)
    {
        var response = await factory.CreateClient().GetAsync(path, Ct);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.StartsWith(policy, Header(response, "Content-Security-Policy"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task EnforceHttps_RedirectsHttpAndSendsHstsOverHttps()
    {
        using var app = factory.WithWebHostBuilder(b => b.UseSetting("ENFORCE_HTTPS", "true").UseSetting("https_port", "443"));
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://example.com") });

        var redirect = await http.GetAsync("/api/v1/health/live", Ct);
        var secure = await https.GetAsync("/api/v1/health/live", Ct);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        Assert.Equal("https://localhost/api/v1/health/live", redirect.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.StartsWith("max-age=", Header(secure, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task Cors_AllowsAConfiguredOriginAndRefusesOthers()
    {
        using var app = factory.WithWebHostBuilder(b => b.UseSetting("CORS_ORIGINS", "https://app.example.com, https://admin.example.com"));
        var client = app.CreateClient();

        var allowed = await client.SendAsync(Preflight("https://app.example.com"), Ct);
        var refused = await client.SendAsync(Preflight("https://evil.example.net"), Ct);
        var simple = new HttpRequestMessage(HttpMethod.Get, "/api/v1/health/live") { Headers = { { "Origin", "https://admin.example.com" } } };
        var allowedGet = await client.SendAsync(simple, Ct);

        Assert.Equal("https://app.example.com", Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Contains("PATCH", Header(allowed, "Access-Control-Allow-Methods"));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("https://admin.example.com", Header(allowedGet, "Access-Control-Allow-Origin"));
        Assert.Contains("ETag", Header(allowedGet, "Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task Cors_WhenNotConfigured_AllowsNoOrigin()
    {
        var response = await factory.CreateClient().SendAsync(Preflight("https://app.example.com"), Ct);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task RateLimit_OverTheLimit_Returns429ProblemWithRetryAfter_ButNeverLimitsHealth()
    {
        using var app = factory.WithWebHostBuilder(b => b.UseSetting("RATE_LIMIT_PER_MINUTE", "3"));
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.GetAsync("/", Ct)).StatusCode);
        }
        var limited = await client.GetAsync("/", Ct);
        var health = await client.GetAsync("/api/v1/health/live", Ct);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(Header(limited, "Retry-After")), 1, 60);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task RateLimit_ByDefault_IsOff()
    {
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 650; i++)
        {
            statuses.Add((await client.GetAsync("/", Ct)).StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("10.0.0.0/8", false)]
    public async Task RateLimit_WithoutTrustedProxies_WarnsAtStartThatItIsKeyedOnTheConnection(string? proxies, bool warns)
    {
        var logs = new CapturedLogs();
        using var app = factory.WithWebHostBuilder(b => b
            .UseSetting("RATE_LIMIT_PER_MINUTE", "100")
            .UseSetting("TRUSTED_PROXIES", proxies)
            .ConfigureLogging(l => l.AddProvider(logs)));

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/", Ct)).StatusCode);

        Assert.Equal(warns, logs.Lines.Any(l => l.Level == LogLevel.Warning && l.Message.Contains("TRUSTED_PROXIES is not set", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task DocsDisabled_ServesNoDocsAndTheRootSaysSo()
    {
        using var app = factory.WithWebHostBuilder(b => b.UseSetting("DOCS_ENABLED", "false"));
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/docs/index.html", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/redoc/index.html", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/openapi/v1.json", Ct)).StatusCode);
        Assert.Contains("\"docs\":null", await client.GetStringAsync("/", Ct));
    }

    private static HttpRequestMessage Preflight(string origin) => new(HttpMethod.Options, "/api/v1/items")
    {
        Headers = { { "Origin", origin }, { "Access-Control-Request-Method", "PATCH" } },
    };

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";
}
