using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.V1;

public sealed class ItemsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateCallerClient();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Post_ValidItem_Returns201WithBodyLocationAndETag()
    {
        var response = await _client.PostAsJsonAsync(ItemsClient.Path, new { title = "Write tests", description = "all of them" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var item = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = item.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/items/{id}", response.Headers.Location?.ToString());
        Assert.Matches("^\"\\d+\"$", response.Headers.ETag?.ToString());
        Assert.Equal("Write tests", item.GetProperty("title").GetString());
        Assert.Equal("all of them", item.GetProperty("description").GetString());
        Assert.Equal(item.GetProperty("createdAt").GetDateTimeOffset(), item.GetProperty("updatedAt").GetDateTimeOffset());
        Assert.Equal("Write tests", await factory.ScalarAsync<string>("SELECT title FROM items WHERE id = $1", id));
        // The create answers what the database kept: a later read gives the same body and version.
        var read = await _client.GetAsync($"{ItemsClient.Path}/{id}", Ct);
        Assert.Equal(response.Headers.ETag?.ToString(), read.Headers.ETag?.ToString());
        Assert.Equal(item.GetRawText(), (await read.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetRawText());
    }

    [Fact]
    public async Task Get_ExistingId_Returns200WithTheItemAndItsETag()
    {
        var (created, etag) = await _client.CreateItemAsync("Read me");
        var id = created.GetProperty("id").GetInt64();

        var response = await _client.GetAsync($"{ItemsClient.Path}/{id}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(etag, response.Headers.ETag?.ToString());
        var item = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Read me", item.GetProperty("title").GetString());
        // What the write answered is what the database kept, to the microsecond.
        Assert.Equal(created.GetProperty("createdAt").GetString(), item.GetProperty("createdAt").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("description").ValueKind);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404Problem()
    {
        var response = await _client.GetAsync($"{ItemsClient.Path}/987654321", Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999999999999")]
    [InlineData("1.5")]
    public async Task Get_IdNotALong_Returns400ValidationProblemNamingId(string id)
    {
        var response = await _client.GetAsync($"{ItemsClient.Path}/{id}", Ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var error = Assert.Single(problem.GetProperty("errors").GetProperty("id").EnumerateArray()).GetString();
        Assert.Equal("The value is not a whole number from -9223372036854775808 to 9223372036854775807.", error);
        Assert.DoesNotContain("long id", problem.ToString());
    }

    [Fact]
    public async Task Patch_LeftOutFieldsStay_NullClearsDescription()
    {
        var (created, _) = await _client.CreateItemAsync("Original", "Keep me?");
        var id = created.GetProperty("id").GetInt64();

        var titleOnly = await _client.PatchJsonAsync($"{ItemsClient.Path}/{id}", """{"title":"Renamed"}""");
        Assert.Equal(HttpStatusCode.OK, titleOnly.StatusCode);
        var afterTitle = await titleOnly.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Renamed", afterTitle.GetProperty("title").GetString());
        Assert.Equal("Keep me?", afterTitle.GetProperty("description").GetString());
        Assert.True(afterTitle.GetProperty("updatedAt").GetDateTimeOffset() > created.GetProperty("updatedAt").GetDateTimeOffset());

        var cleared = await _client.PatchJsonAsync($"{ItemsClient.Path}/{id}", """{"description":null}""");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal("Renamed", await factory.ScalarAsync<string>("SELECT title FROM items WHERE id = $1", id));
        Assert.Null(await factory.ScalarAsync<string?>("SELECT description FROM items WHERE id = $1", id));
    }

    [Fact]
    public async Task Patch_WithCurrentETag_Returns200AndANewETag()
    {
        var (created, etag) = await _client.CreateItemAsync("Versioned");
        var id = created.GetProperty("id").GetInt64();

        var response = await _client.PatchJsonAsync($"{ItemsClient.Path}/{id}", """{"title":"Versioned twice"}""", etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(etag, response.Headers.ETag?.ToString());
        Assert.Equal("Versioned twice", await factory.ScalarAsync<string>("SELECT title FROM items WHERE id = $1", id));
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("W/\"1\"")]
    [InlineData("garbage")]
    public async Task Patch_WithStaleOrForeignETag_Returns412AndChangesNothing(string ifMatch)
    {
        var (created, _) = await _client.CreateItemAsync("Untouched");
        var id = created.GetProperty("id").GetInt64();

        var response = await _client.PatchJsonAsync($"{ItemsClient.Path}/{id}", """{"title":"Lost"}""", ifMatch);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal("Untouched", await factory.ScalarAsync<string>("SELECT title FROM items WHERE id = $1", id));
    }

    [Fact]
    public async Task Patch_UnknownId_Returns404Problem()
    {
        var response = await _client.PatchJsonAsync($"{ItemsClient.Path}/987654321", """{"title":"x"}""");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_ExistingId_Returns204AndRemovesTheRow_ThenReturns404()
    {
        var (created, _) = await _client.CreateItemAsync("Doomed");
        var id = created.GetProperty("id").GetInt64();

        var first = await _client.DeleteAsync($"{ItemsClient.Path}/{id}", Ct);
        var second = await _client.DeleteAsync($"{ItemsClient.Path}/{id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM items WHERE id = $1", id));
        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.NotFound);
    }
}
