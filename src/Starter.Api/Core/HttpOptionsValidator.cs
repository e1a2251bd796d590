using System.Net;
using Microsoft.Extensions.Options;

namespace Starter.Core;

/// <summary>Checks the list-valued HTTP settings, item by item, naming the bad item.</summary>
public sealed class HttpOptionsValidator : IValidateOptions<HttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpOptions options)
    {
        var problems = new List<string>();
        foreach (var origin in options.CorsOriginList)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/" || origin.EndsWith('/'))
            {
                problems.Add($"CORS_ORIGINS: '{origin}' is not an origin like https://app.example.com (scheme, host, optional port, no path).");
            }
        }
        foreach (var proxy in options.TrustedProxyList)
        {
            if (!IPAddress.TryParse(proxy, out _) && !IPNetwork.TryParse(proxy, out _))
            {
                problems.Add($"TRUSTED_PROXIES: '{proxy}' is not an IP address or a CIDR range like 10.0.0.0/8.");
            }
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
