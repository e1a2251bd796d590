using System.Net;
using System.Text.Json;
using Starter.Tests.Api.Fuzzing;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.Http;

/// <summary>Regression: HEAD on a GET route answered 405 (RFC 9110 expects HEAD wherever GET is served).</summary>
public sealed class HeadRequestsTests(TestDatabaseServer server, ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/health")]
    [InlineData("/api/v1/health/live")]
    [InlineData("/openapi/v1.json")]
    public async Task Head_OnAGetRoute_AnswersAsGetDoesWithoutABody(string path)
    {
        // Real Kestrel: it is the server that leaves the body out.
        using var app = await RunningApp.StartAsync(server.ConnectionStringFor("postgres"));
        var ct = TestContext.Current.CancellationToken;

        var get = await RawHttp.SendAsync(app.Address, new FuzzRequest("GET", "GET", path, [], null), ct);
        var head = await RawHttp.SendAsync(app.Address, new FuzzRequest("HEAD", "HEAD", path, [], null), ct);

        Assert.Equal(200, get.Status);
        Assert.Equal(200, head.Status);
        Assert.Equal(get.Header("Content-Type"), head.Header("Content-Type"));
        Assert.NotEmpty(get.Body);
        Assert.Empty(head.Body);
    }

    [Fact]
    public async Task OpenApiDocument_ListsNoHeadOperations()
    {
        var json = await factory.CreateClient().GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        using var document = JsonDocument.Parse(json);
        var methods = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => operation.Name));
        Assert.Contains("get", methods);
        Assert.DoesNotContain("head", methods);
    }

    [Fact]
    public async Task Post_ToAGetRoute_IsStill405()
    {
        var response = await factory.CreateClient().PostAsync("/", null, TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }
}
