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
    /// <param name="Fields">The header lines in the order sent, repeats kept.</param>
    public sealed record Response(int Status, IReadOnlyList<(string Name, string Value)> Fields, byte[] Body)
    {
        /// <summary>The header's value, its repeats joined by commas as a proxy would fold them; null when absent.</summary>
        public string? Header(string name)
        {
            var values = Fields.Where(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value).ToList();
            return values.Count == 0 ? null : string.Join(", ", values);
        }

        public int Count(string name) => Fields.Count(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// Written by the app, not refused by Kestrel before the app saw the request (a malformed request
        /// line, oversized headers): the app's answers all carry its security headers.
        /// </summary>
        public bool FromApp => Header("X-Content-Type-Options") is not null;
    }

    /// <summary>
    /// Sends the request while reading the answer, as a browser does: a server may answer before the
    /// body is all sent (413, 431, or a 400 on the head) and then close, which fails the rest of the
    /// upload. That early answer is the answer, not a broken exchange.
    /// </summary>
    public static async Task<Response> SendAsync(Uri server, FuzzRequest request, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, limit.Token);
        await using var stream = client.GetStream();
        var sending = stream.WriteAsync(request.ToBytes(server.Authority), limit.Token).AsTask();
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, limit.Token);
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after a complete answer (the server closed with request bytes still unread).
        }
        try
        {
            await sending;
        }
        catch (IOException) when (received.Length > 0)
        {
            // The upload was cut short by the server's close after its early answer.
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
        var fields = lines.Skip(1).Select(line =>
        {
            var colon = line.IndexOf(':');
            return (line[..colon], line[(colon + 1)..].Trim());
        }).ToList();
        var response = new Response(status, fields, raw[(end + 4)..]);
        return !head && response.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true
            ? response with { Body = Dechunk(response.Body) }
            : response;
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
