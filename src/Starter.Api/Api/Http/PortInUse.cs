using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Starter.Api.Http;

/// <summary>
/// A port another process holds ends the app with exit code 1 and one line that says which address
/// and how to pick another, rather than Kestrel's stack trace (twice) and SIGABRT. Checked before
/// the server starts, from the same settings Kestrel reads (<c>--urls</c>, <c>ASPNETCORE_URLS</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c>); a port taken in between is caught as Kestrel fails (<see cref="Caused"/>).
/// </summary>
public static class PortInUse
{
    public const int ExitCode = 1;

    /// <summary>The first address the app is set to listen on that another process already holds, if any.</summary>
    public static string? FirstTaken(WebApplication app)
    {
        // The framework's own hosting keys, read as Kestrel reads them.
        var urls = app.Configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } configured
            ? configured
            : app.Configuration[WebHostDefaults.HttpPortsKey] is { Length: > 0 } ports
                ? string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"http://*:{p}"))
                : "http://localhost:5000";
        return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(Taken);
    }

    public static bool Caused(Exception exception) => exception is IOException { InnerException: AddressInUseException };

    public static string Message(string address) =>
        $"Cannot listen on {address}: the address is already in use. {HowToChoose}";

    /// <summary>For a port taken between the check and Kestrel's bind: Kestrel's message names the address.</summary>
    public static string Message(Exception exception) => $"{exception.Message} {HowToChoose}";

    private const string HowToChoose = "Stop what holds it, or choose another address: "
        + "dotnet run --project src/Starter.Api --urls http://127.0.0.1:8001 (or set ASPNETCORE_URLS).";

    private static bool Taken(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return false; // Kestrel reports a malformed address itself.
        }
        if (address.Port is <= IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            return false; // 0 picks a free port; one out of range Kestrel reports itself.
        }
        IPAddress[] hosts = address.Host switch
        {
            "localhost" => [IPAddress.Loopback],
            "*" or "+" or "" => [IPAddress.Any],
            var host => IPAddress.TryParse(host, out var ip) ? [ip] : [],
        };
        foreach (var host in hosts)
        {
            using var socket = new Socket(host.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(host, address.Port));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return true;
            }
            catch (SocketException)
            {
                // Not ours to judge (no such interface, no permission): Kestrel will say.
            }
        }
        return false;
    }
}
