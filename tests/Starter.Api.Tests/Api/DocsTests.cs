using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api;

public sealed class DocsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/docs", "swagger-ui")]
    [InlineData("/redoc", "redoc")]
    public async Task Get_DocsPage_ServesHtmlOverTheOpenApiDocument(string path, string marker)
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await factory.CreateClient().GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains(marker, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Get_SwaggerUiConfig_PointsAtTheOpenApiDocument()
    {
        var ct = TestContext.Current.CancellationToken;
        var script = await factory.CreateClient().GetStringAsync("/docs/index.js", ct);

        Assert.Contains("/openapi/v1.json", script);
    }

    [Fact]
    public async Task Get_OpenApiDocument_ListsEveryPath()
    {
        var ct = TestContext.Current.CancellationToken;
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);

        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        Assert.Equal("Starter", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/", out _));
        var health = paths.GetProperty("/api/v1/health").GetProperty("get");
        Assert.Equal("Readiness: runs a query against the database.", health.GetProperty("summary").GetString());
        Assert.True(health.GetProperty("responses").TryGetProperty("503", out _));
    }
}
