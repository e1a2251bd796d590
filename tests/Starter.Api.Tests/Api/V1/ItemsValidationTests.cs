using System.Net;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.V1;

/// <summary>Every rejected request is a 4xx problem and writes nothing.</summary>
public sealed class ItemsValidationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateCallerClient();

    public static TheoryData<string, string> InvalidCreates() => new()
    {
        { """{"description":"MARKER"}""", "title" },
        { """{"title":null,"description":"MARKER"}""", "title" },
        { """{"title":"   ","description":"MARKER"}""", "title" },
        { $$"""{"title":"{{new string('t', 201)}}","description":"MARKER"}""", "title" },
        { $$"""{"title":"MARKER","description":"{{new string('d', 2001)}}"}""", "description" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public async Task Post_InvalidField_Returns400ValidationProblemNamingIt(string json, string field)
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await _client.PostJsonAsync(json.Replace("MARKER", marker));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        Assert.Equal(0L, await CountMarkedAsync(marker));
    }

    [Theory]
    [InlineData("""{"title":"   "}""", "title", "The value must not be blank.")]
    [InlineData("""{"title":""}""", "title", "The value must not be blank.")]
    [InlineData($$"""{"title":"{{Long201}}"}""", "title", "The value must be at most 200 characters long.")]
    [InlineData("""{"title":5}""", "title", "The value is not a string of valid Unicode text.")]
    [InlineData("""{"title":null}""", "title", "The value cannot be null.")]
    [InlineData("""{"title":"x","description":true}""", "description", "The value is not a string of valid Unicode text.")]
    public async Task TheSameMistake_OnCreateAndOnUpdate_GetsTheSameMessage(string json, string field, string message)
    {
        var (item, _) = await _client.CreateItemAsync("To be patched");
        var path = $"{ItemsClient.Path}/{item.GetProperty("id").GetInt64()}";

        var created = await ProblemAssert.IsProblemAsync(await _client.PostJsonAsync(json), HttpStatusCode.BadRequest);
        var updated = await ProblemAssert.IsProblemAsync(await _client.PatchJsonAsync(path, json), HttpStatusCode.BadRequest);

        foreach (var problem in new[] { created, updated })
        {
            var errors = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.True(errors.SequenceEqual([message]), $"{field}: {string.Join(" | ", errors)} in {problem}");
        }
    }

    private const string Long201 = "ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt";

    [Theory]
    [InlineData("""{"title":"MARKER",""", "not valid JSON")]
    [InlineData("""{"title":123,"description":"MARKER"}""", "$.title")]
    [InlineData("""{"title":"MARKER","description":["x"]}""", "$.description")]
    [InlineData("""{"title":"MARKER","id":5}""", "$.id")]
    [InlineData("""{"title":"MARKER","createdAt":"2000-01-01T00:00:00Z"}""", "$.createdAt")]
    [InlineData("""["MARKER"]""", "must be a JSON object")]
    [InlineData("""{"title":"MARKER\u0000"}""", "$.title")]
    // A field sent twice was accepted (the last one won): ambiguous, so refused.
    [InlineData("""{"title":"MARKER","title":"twice"}""", "$.title")]
    [InlineData("""{"title":"MARKER","description":"a","description":"b"}""", "$.description")]
    public async Task Post_MalformedOrWronglyTypedBody_Returns400ProblemAndWritesNothing(string json, string detail)
    {
        var marker = Guid.NewGuid().ToString("N");

        var response = await _client.PostJsonAsync(json.Replace("MARKER", marker));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
        Assert.Equal(0L, await CountMarkedAsync(marker));
    }

    [Fact]
    public async Task Post_WithoutJsonContentType_Returns415Problem()
    {
        var response = await _client.PostAsync(ItemsClient.Path, new StringContent("title=x"), TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_Returns413ProblemAndWritesNothing()
    {
        var marker = Guid.NewGuid().ToString("N");
        var json = $$"""{"title":"{{marker}}","description":"{{new string('x', 2 << 20)}}"}""";

        var response = await _client.PostJsonAsync(json);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0L, await CountMarkedAsync(marker));
    }

    [Theory]
    [InlineData("""{"title":null}""", "title")]
    [InlineData("""{"title":"  "}""", "title")]
    [InlineData("""{"description":"DESCRIPTION"}""", "description")]
    public async Task Patch_InvalidField_Returns400ValidationProblemAndChangesNothing(string json, string field)
    {
        var (created, _) = await _client.CreateItemAsync("Stable", "Stable too");
        var id = created.GetProperty("id").GetInt64();

        var response = await _client.PatchJsonAsync($"{ItemsClient.Path}/{id}", json.Replace("DESCRIPTION", new string('d', 2001)));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        Assert.Equal("Stable", await factory.ScalarAsync<string>("SELECT title FROM items WHERE id = $1", id));
        Assert.Equal("Stable too", await factory.ScalarAsync<string>("SELECT description FROM items WHERE id = $1", id));
    }

    [Fact]
    public async Task Patch_MisspeltField_Returns400ProblemAndChangesNothing()
    {
        var (created, _) = await _client.CreateItemAsync("Spelled right");
        var id = created.GetProperty("id").GetInt64();

        var response = await _client.PatchJsonAsync($"{ItemsClient.Path}/{id}", """{"titel":"Typo"}""");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("$.titel", problem.GetProperty("detail").GetString());
        Assert.Equal("Spelled right", await factory.ScalarAsync<string>("SELECT title FROM items WHERE id = $1", id));
    }

    private Task<long> CountMarkedAsync(string marker) =>
        factory.ScalarAsync<long>("SELECT count(*) FROM items WHERE title LIKE $1 OR description LIKE $1", $"%{marker}%");
}
