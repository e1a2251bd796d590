using System.Net;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.Problems;

/// <summary>
/// Regression: a client whose Accept left out JSON (<c>text/html</c>, <c>application/xml</c>) got a
/// plain-text 404 or an empty 400/500 instead of a problem. Also <c>/openapi/v2.json</c> was a plain-text 404.
/// </summary>
public sealed class ProblemJsonWriterTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    [InlineData("image/png, text/plain;q=0.5")]
    public async Task Error_ForAClientThatAcceptsNoJson_IsStillAProblem(string accept)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd(accept);

        await ProblemAssert.IsProblemAsync(await client.GetAsync("/no/such/route", ct), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/v1/health?x=%00", ct), HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(await client.GetAsync(ThrowingEndpoint.Path, ct), HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task Get_UnknownOpenApiDocument_Returns404Problem()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v2.json", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Problem_KeepsTheFrameworksTypeAndTitleForItsStatus()
    {
        var response = await factory.CreateClient().GetAsync("/no/such/route", TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.5", problem.GetProperty("type").GetString());
        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
    }
}
