using System.Net.Sockets;
using System.Text;

namespace Starter.Tests.Api.Fuzzing;

/// <summary>
/// A bare HTTP/1.1 client: sends exactly the bytes of a <see cref="FuzzRequest"/>, with no client-side
/// encoding, validation or header repair (which HttpClient does, and which hides what a server sees).
/// One connection per request, closed by the server after its answer.
/// </summary>
public static class RawHttp
{
    public sealed record Response(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        /// <summary>
        /// Written by the app, not refused by Kestrel before the app saw the request (a malformed request
        /// line, oversized headers): the app's answers all carry its security headers.
        /// </summary>
        public bool FromApp => Header("X-Content-Type-Options") is not null;
    }

    public static async Task<Response> SendAsync(Uri server, FuzzRequest request, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(15));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, limit.Token);
        await using var stream = client.GetStream();
        await stream.WriteAsync(request.ToBytes(server.Authority), limit.Token);
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, limit.Token);
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after a complete answer (the server closed with request bytes still unread).
        }
        return Parse(received.ToArray(), request.Method == "HEAD");
    }

    private static Response Parse(byte[] raw, bool head)
    {
        var end = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new InvalidDataException($"No complete response head in {raw.Length} bytes.");
        }
        var lines = Encoding.Latin1.GetString(raw, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
        }
        var body = raw[(end + 4)..];
        if (!head && headers.TryGetValue("Transfer-Encoding", out var coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        using var body = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.AsSpan(position).IndexOf("\r\n"u8) + position;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, position, lineEnd - position).Split(';')[0], 16);
            if (size == 0)
            {
                return body.ToArray();
            }
            body.Write(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
