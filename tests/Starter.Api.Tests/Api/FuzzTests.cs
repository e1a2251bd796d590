using System.Net;
using System.Text;
//#if (IncludeSample)
using Starter.Tests.Api.V1;
//#endif
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api;

/// <summary>
/// Hostile and malformed requests, a fixed list plus seeded random bodies: none may produce a 5xx,
/// the process must outlive them all, and an injection string is only ever data.
/// </summary>
public sealed class FuzzTests(TestDatabaseServer server) : IAsyncDisposable
{
    private string? _database;

    private static readonly string[] Paths =
    [
        "/api/v1/items/-1", "/api/v1/items/0", "/api/v1/items/9223372036854775807", "/api/v1/items/9223372036854775808",
        "/api/v1/items/1%00", "/api/v1/items/1;DROP%20TABLE%20items", "/api/v1/items/%27%20OR%201=1--",
        "/api/v1/items/..%2F..%2Fetc%2Fpasswd", "/api/v1/../../etc/passwd", "/api/v1/items//1", "/api/v1/items/%F0%9F%92%A5",
        "/api/v1/items?limit=-1", "/api/v1/items?limit=2147483648", "/api/v1/items?limit=1e3", "/api/v1/items?limit=",
        "/api/v1/items?cursor=%27%3BDROP%20TABLE%20items--", "/api/v1/items?cursor=" + new string('A', 5000),
        "/api/v1/items?cursor=AQAAAAAAAAAA", "/api/v1/items?cursor=AQ%3D%3D", "/api/v1/items?limit=5&limit=6",
        "/" + new string('a', 4000), "/api/v1/%E0%A4%A", "/docs/../../appsettings.json", "/redoc/%2e%2e/%2e%2e/",
    ];
    //#if (IncludeSample)

    private static readonly string[] Bodies =
    [
        "", "null", "[]", "{}", "\"title\"", "{\"title\":", "{\"title\":\"a\"}}", "{\"title\":\"\\u0000\"}",
        "{\"title\":true}", "{\"title\":{\"$ne\":null}}", "{\"title\":[\"a\"]}", "{\"title\":1e309}",
        "{\"title\":\"' OR 1=1; DROP TABLE items;--\",\"description\":\"FUZZ\"}",
        "{\"title\":\"\\uD800\"}", "{\"title\":\"ok\",\"title\":\"twice\"}", "{\"__proto__\":{\"x\":1}}",
        "{\"title\":\"" + new string('x', 100_000) + "\"}", new string('[', 10_000) + new string(']', 10_000),
        "{\"title\":\"ok\",\"description\":" + new string('[', 500) + new string(']', 500) + "}",
    ];
    //#endif

    [Fact]
    public async Task HostileRequests_NeverGet5xx()
    {
        // A real Kestrel process: the in-memory server would refuse some of these before the app saw them.
        _database = await server.CreateDatabaseAsync();
        using var app = await RunningApp.StartAsync(server.ConnectionStringFor(_database));
        using var client = new HttpClient { BaseAddress = app.Address };
        var results = new List<(string Request, HttpStatusCode Status)>();

        foreach (var path in Paths)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete, HttpMethod.Patch })
            {
                results.Add(await SendAsync(client, method, path, method == HttpMethod.Patch ? "{\"title\":\"x\"}" : null));
            }
        }
        //#if (IncludeSample)
        var random = new Random(20261125);
        foreach (var body in Bodies.Concat(Enumerable.Range(0, 80).Select(_ => RandomJson(random))))
        {
            results.Add(await SendAsync(client, HttpMethod.Post, ItemsClient.Path, body));
            results.Add(await SendAsync(client, HttpMethod.Patch, $"{ItemsClient.Path}/424242", body));
        }
        //#endif
        foreach (var (name, value) in OddHeaders())
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/items?limit=1");
            request.Headers.TryAddWithoutValidation(name, value);
            var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            results.Add(($"GET with {name}", response.StatusCode));
        }

        Assert.DoesNotContain(results, r => (int)r.Status >= 500);
        Assert.False(app.Process.HasExited);
        //#if (IncludeSample)
        Assert.True(results.Count > 250);
        // The injection attempt is a valid title: stored verbatim as data, never run.
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM items WHERE description = 'FUZZ' AND title = '' || chr(39) || ' OR 1=1; DROP TABLE items;--'"));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM pg_tables WHERE tablename = 'items'"));
        //#endif
    }
    //#if (IncludeSample)

    private Task<long> CountAsync(string sql) => Sql.ScalarAsync<long>(server.ConnectionStringFor(_database!), sql);
    //#endif

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await server.DropDatabaseAsync(_database);
        }
    }

    private static async Task<(string, HttpStatusCode)> SendAsync(HttpClient client, HttpMethod method, string path, string? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return ($"{method} {path} {body?[..Math.Min(body.Length, 60)]}", response.StatusCode);
    }

    private static IEnumerable<(string, string)> OddHeaders() =>
    [
        ("If-Match", new string('"', 3000)), ("Content-Type", "application/json; charset=utf-99"),
        ("Accept", "application/problem+json;q=abc"), ("X-Forwarded-For", "not-an-ip, 999.1.1.1"),
        ("X-Forwarded-Proto", "gopher"), ("Origin", "null"), ("Cookie", new string('c', 8000)),
        ("Range", "bytes=-1-2"), ("Transfer-Encoding", "gzip"), ("Host", "evil.example.com:99999"),
    ];

    //#if (IncludeSample)
    /// <summary>JSON-ish text: random tokens, sometimes well-formed, often not.</summary>
    private static string RandomJson(Random random)
    {
        string[] tokens = ["{", "}", "[", "]", ":", ",", "\"title\"", "\"description\"", "\"x\"", "null", "true", "1", "-0",
            "1e400", "\"\\ud83d\"", "\"\\\"\"", "\"" + new string('z', random.Next(0, 300)) + "\""];
        var builder = new StringBuilder("{\"title\":");
        for (var i = random.Next(0, 30); i > 0; i--)
        {
            builder.Append(tokens[random.Next(tokens.Length)]);
        }
        return builder.ToString();
    }
    //#endif
}
