using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.Docs;

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

    [Fact]
    public async Task OpenApiDocument_TypesEveryPropertyAndParameter()
    {
        var ct = TestContext.Current.CancellationToken;
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);

        var untyped = new List<string>();
        foreach (var schema in document.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            foreach (var property in schema.Value.TryGetProperty("properties", out var properties) ? properties.EnumerateObject() : [])
            {
                if (!Typed(property.Value))
                {
                    untyped.Add($"{schema.Name}.{property.Name}");
                }
            }
        }
        foreach (var operation in document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()))
        {
            foreach (var parameter in operation.Value.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : [])
            {
                if (!Typed(parameter.GetProperty("schema")))
                {
                    untyped.Add($"{operation.Value.GetProperty("operationId")} {parameter.GetProperty("name")}");
                }
            }
        }
        Assert.Empty(untyped);
    }

    /// <summary>A type (a string or an integer, never "integer or string"), a reference, or a choice of them.</summary>
    private static bool Typed(JsonElement schema) =>
        schema.TryGetProperty("$ref", out _)
        || (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().All(Typed))
        || (schema.TryGetProperty("type", out var type)
            && (type.ValueKind == JsonValueKind.String
                || type.EnumerateArray().Count(t => t.GetString() != "null") == 1));

    [Theory]
    [InlineData("/redoc/index.html")]
    [InlineData("/redoc/redoc.standalone.js")]
    [InlineData("/docs/index.html")]
    public async Task DocsPages_NameNoOutsideHostToLoad(string path)
    {
        var text = await factory.CreateClient().GetStringAsync(path, TestContext.Current.CancellationToken);

        Assert.DoesNotContain("fonts.googleapis.com", text);
        Assert.DoesNotContain("cdn.redoc.ly", text);
    }

    //#if (IncludeSample)
    [Theory]
    [InlineData("/api/v1/items", "post", "201", "400")]
    [InlineData("/api/v1/items", "get", "200", "400")]
    [InlineData("/api/v1/items/{id}", "get", "200", "404")]
    [InlineData("/api/v1/items/{id}", "patch", "200", "412")]
    [InlineData("/api/v1/items/{id}", "delete", "204", "404")]
    public async Task OpenApi_EveryItemsOperation_HasNameSummarySuccessAndProblems(string path, string method, string success, string problem)
    {
        var ct = TestContext.Current.CancellationToken;
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        Assert.False(string.IsNullOrEmpty(operation.GetProperty("operationId").GetString()));
        Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()));
        var responses = operation.GetProperty("responses");
        Assert.True(responses.TryGetProperty(success, out var ok), $"{method} {path} lacks {success}");
        if (success != "204")
        {
            Assert.True(ok.GetProperty("content").TryGetProperty("application/json", out _));
        }
        foreach (var status in new[] { problem, "503" })
        {
            Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _),
                $"{method} {path} lacks a {status} problem");
        }
    }
    //#endif
}
