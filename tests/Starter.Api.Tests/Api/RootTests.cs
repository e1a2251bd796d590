using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api;

public sealed class RootTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Get_Root_ReturnsNameVersionAndDocLinks()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await factory.CreateClient().GetAsync("/", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("Starter", body.GetProperty("name").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", body.GetProperty("version").GetString());
        var links = body.GetProperty("links");
        Assert.Equal("/docs", links.GetProperty("docs").GetString());
        Assert.Equal("/redoc", links.GetProperty("redoc").GetString());
        Assert.Equal("/openapi/v1.json", links.GetProperty("openApi").GetString());
        Assert.Equal("/api/v1/health", links.GetProperty("health").GetString());
    }
}
