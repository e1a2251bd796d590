using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Starter.Tests.Infrastructure;

/// <summary>Waiting for a server the test started to accept connections on 127.0.0.1.</summary>
public static class TcpPort
{
    /// <summary>
    /// True once <paramref name="port"/> accepts a connection; false when <paramref name="alive"/>
    /// says the server is gone or 10 s have passed.
    /// </summary>
    public static async Task<bool> WaitUntilListeningAsync(int port, Func<bool> alive)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
                return true;
            }
            catch (SocketException) when (alive() && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}
