using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.V1;

/// <summary>Regressions for what an outside fuzzer found on the items endpoints: each was a 500 or was wrongly accepted.</summary>
public sealed class ItemsRobustnessTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateCallerClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D%3D")]
    [InlineData("AAAAAAAAAA%2B%2F")]
    [InlineData("AP%2F%2F%2F%2F%2F%2F%2F%2F%2F%2F")]
    [InlineData("%F0%9F%92%A5%F0%9F%92%A5%F0%9F%92%A5AAAAAA")]
    public async Task List_CursorOutsideTheBase64UrlAlphabet_Returns400ProblemNamingCursor(string cursor)
    {
        var response = await _client.GetAsync($"{ItemsClient.Path}?cursor={cursor}", Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
    }

    [Theory]
    [InlineData("application/json; charset=foo-bar")]
    [InlineData("application/json; charset=")]
    [InlineData("application/json; charset=utf-7")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task Post_CharsetOtherThanUtf8_Returns415ProblemAndWritesNothing(string contentType)
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await _client.PostAsync(ItemsClient.Path, Body($$"""{"title":"{{marker}}"}""", contentType), Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("UTF-8", problem.GetProperty("detail").GetString());
        Assert.Equal(0L, await CountAsync(marker));
    }

    [Theory]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=UTF-8")]
    [InlineData("application/json;charset=utf-8")]
    public async Task Post_Utf8CharsetQuotedOrInCapitals_IsRead(string contentType)
    {
        var response = await _client.PostAsync(ItemsClient.Path, Body("""{"title":"Quoted charset"}""", contentType), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Patch_QuotedUtf8Charset_IsRead()
    {
        var (item, _) = await _client.CreateItemAsync("Before");

        var response = await _client.PatchAsync($"{ItemsClient.Path}/{item.GetProperty("id")}",
            Body("""{"title":"After"}""", "application/json; charset=\"utf-8\""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("After", await factory.ScalarAsync<string>("SELECT title FROM items WHERE id = $1", item.GetProperty("id").GetInt64()));
    }

    [Theory]
    [InlineData("gzip", false)]
    [InlineData("gzip", true)]
    [InlineData("br", false)]
    [InlineData("identity, gzip", false)]
    public async Task Post_ContentEncoded_Returns415ProblemWithAcceptEncodingAndWritesNothing(string coding, bool reallyGzipped)
    {
        var marker = Guid.NewGuid().ToString("N");
        var json = Encoding.UTF8.GetBytes($$"""{"title":"{{marker}}"}""");
        var content = new ByteArrayContent(reallyGzipped ? Gzip(json) : json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.TryAddWithoutValidation("Content-Encoding", coding);

        var response = await _client.PostAsync(ItemsClient.Path, content, Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("identity", response.Headers.GetValues("Accept-Encoding").Single());
        Assert.Equal(0L, await CountAsync(marker));
    }

    [Fact]
    public async Task Post_IdentityContentEncoding_IsRead()
    {
        var content = Body("""{"title":"Identity"}""", "application/json");
        content.Headers.ContentEncoding.Add("identity");

        var response = await _client.PostAsync(ItemsClient.Path, content, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Patch_DuplicateKey_Returns400ProblemAndChangesNothing()
    {
        var (item, _) = await _client.CreateItemAsync("Stable");
        var id = item.GetProperty("id").GetInt64();

        var response = await _client.PatchJsonAsync($"{ItemsClient.Path}/{id}", """{"title":"a","title":"b"}""");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Stable", await factory.ScalarAsync<string>("SELECT title FROM items WHERE id = $1", id));
    }

    [Theory]
    [InlineData("POST", ItemsClient.Path)]
    [InlineData("PATCH", ItemsClient.Path + "/1")]
    public async Task Write_WithNoBody_Returns400ProblemAskingForABody(string method, string path)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("This operation needs a JSON request body.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task List_LimitWithNul_Returns400ProblemNamingLimit()
    {
        var response = await _client.GetAsync($"{ItemsClient.Path}?limit=1%00", Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task Head_OnAnItem_AnswersWithItsETag()
    {
        var (item, etag) = await _client.CreateItemAsync("Headed");

        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{ItemsClient.Path}/{item.GetProperty("id")}"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Post_SqlInjectionText_IsStoredVerbatimAsData()
    {
        const string title = "' OR 1=1; DROP TABLE items;--";

        var (item, _) = await _client.CreateItemAsync(title, "x\"); DELETE FROM items; --");

        Assert.Equal(title, await factory.ScalarAsync<string>("SELECT title FROM items WHERE id = $1", item.GetProperty("id").GetInt64()));
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 'items'"));
    }

    private static ByteArrayContent Body(string json, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }

    private Task<long> CountAsync(string marker) =>
        factory.ScalarAsync<long>("SELECT count(*) FROM items WHERE title LIKE $1 OR description LIKE $1", $"%{marker}%");
}
