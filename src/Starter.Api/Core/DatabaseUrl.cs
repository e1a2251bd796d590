using Npgsql;

namespace Starter.Core;

/// <summary>
/// Turns <c>DATABASE_URL</c> into an Npgsql connection string. Accepts the PostgreSQL URI form
/// (<c>postgresql://user:pass@host:5432/db?sslmode=require</c>, also <c>postgres://</c>, several
/// comma-separated hosts) and Npgsql keyword strings (<c>Host=…;Database=…</c>). Error messages
/// never repeat the value, because it may carry a password.
/// </summary>
public static class DatabaseUrl
{
    private static readonly string[] Schemes = ["postgresql://", "postgres://"];

    /// <summary>URI query parameters (libpq names) and the Npgsql keyword each maps to.</summary>
    private static readonly Dictionary<string, string> QueryKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["target_session_attrs"] = "Target Session Attributes",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
    };

    /// <summary>Parses <paramref name="value"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static NpgsqlConnectionStringBuilder? TryParse(string value, out string? error)
    {
        error = null;
        try
        {
            var builder = LooksLikeUri(value) ? FromUri(value) : new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new FormatException("it names no host");
            }
            return builder;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            // Npgsql's own messages quote keywords, never values, so they are safe to show.
            error = e.Message;
            return null;
        }
    }

    private static bool LooksLikeUri(string value) => value.Contains("://", StringComparison.Ordinal);

    private static NpgsqlConnectionStringBuilder FromUri(string value)
    {
        var scheme = Schemes.FirstOrDefault(s => value.StartsWith(s, StringComparison.OrdinalIgnoreCase))
            ?? throw new FormatException("the URI scheme must be postgresql:// or postgres://");
        var rest = value[scheme.Length..];

        var query = string.Empty;
        if (rest.IndexOf('?') is var q and >= 0)
        {
            (rest, query) = (rest[..q], rest[(q + 1)..]);
        }
        var path = string.Empty;
        if (rest.IndexOf('/') is var slash and >= 0)
        {
            (rest, path) = (rest[..slash], rest[(slash + 1)..]);
        }

        var builder = new NpgsqlConnectionStringBuilder();
        // The last '@' splits credentials from hosts: a password may contain '@' if not encoded.
        if (rest.LastIndexOf('@') is var at and >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':');
            builder.Username = Decode(colon >= 0 ? userInfo[..colon] : userInfo);
            if (colon >= 0)
            {
                builder.Password = Decode(userInfo[(colon + 1)..]);
            }
        }

        var hosts = rest.Split(',').Select(ParseHost).ToList();
        if (hosts is [var (host, port)])
        {
            builder.Host = host;
            builder.Port = port ?? builder.Port;
        }
        else
        {
            // Npgsql's multi-host form: "a:5432,b:5433".
            builder.Host = string.Join(',', hosts.Select(h => h.Port is { } p ? $"{h.Host}:{p}" : h.Host));
        }
        if (path.Length > 0)
        {
            builder.Database = Decode(path);
        }

        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Decode(eq >= 0 ? pair[..eq] : pair);
            var parameter = eq >= 0 ? Decode(pair[(eq + 1)..]) : string.Empty;
            if (!QueryKeywords.TryGetValue(name, out var keyword))
            {
                throw new FormatException($"the URI parameter '{name}' is not supported (use one of: {string.Join(", ", QueryKeywords.Keys)})");
            }
            builder[keyword] = keyword == "SSL Mode" ? SslMode(parameter) : parameter;
        }
        return builder;
    }

    /// <summary>One <c>host[:port]</c> or <c>[v6]:port</c>, checked.</summary>
    private static (string Host, int? Port) ParseHost(string hostPort)
    {
        string host;
        string? port = null;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']');
            if (close < 0)
            {
                throw new FormatException("an IPv6 host is missing its closing ']'");
            }
            host = hostPort[1..close];
            if (hostPort.Length > close + 1)
            {
                port = hostPort[(close + 1)..].TrimStart(':');
            }
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon >= 0 ? hostPort[..colon] : hostPort;
            port = colon >= 0 ? hostPort[(colon + 1)..] : null;
        }

        if (host.Length == 0)
        {
            throw new FormatException("it names no host");
        }
        if (port is null)
        {
            return (host, null);
        }
        if (!int.TryParse(port, out var number) || number is < 1 or > 65535)
        {
            throw new FormatException("the port must be a number from 1 to 65535");
        }
        return (host, number);
    }

    /// <summary>libpq spells modes in kebab case; Npgsql wants its enum names.</summary>
    private static string SslMode(string mode) => mode.ToLowerInvariant() switch
    {
        "disable" => "Disable",
        "allow" => "Allow",
        "prefer" => "Prefer",
        "require" => "Require",
        "verify-ca" => "VerifyCA",
        "verify-full" => "VerifyFull",
        _ => throw new FormatException("sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full"),
    };

    private static string Decode(string value) => Uri.UnescapeDataString(value);
}
