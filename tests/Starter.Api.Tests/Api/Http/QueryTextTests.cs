using System.Net;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.Http;

/// <summary>Regression: <c>?limit=1%00</c> read as 1, because .NET number parsing ignores trailing NULs.</summary>
public sealed class QueryTextTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/?limit=1%00", "limit")]
    [InlineData("/api/v1/health?x=%00&y=ok", "x")]
    [InlineData("/?a%00b=1", "a%00b")]
    public async Task Query_WithNulCharacter_Returns400ProblemNamingTheParameter(string target, string name)
    {
        var response = await factory.CreateClient().GetAsync(target, TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal("The value cannot contain the NUL character (%00).", errors.GetProperty(name)[0].GetString());
        Assert.Single(errors.EnumerateObject());
    }

    [Fact]
    public async Task Query_WithAnEncodedPercentZeroZero_IsNotNul()
    {
        // "%2500" is the text "%00", not a NUL character.
        var response = await factory.CreateClient().GetAsync("/?x=%2500", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
