using System.Net;
using Microsoft.AspNetCore.Hosting;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api;

public sealed class ProblemDetailsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Get_UnknownRoute_Returns404Problem()
    {
        var response = await factory.CreateClient().GetAsync("/no/such/route", TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("GET /no/such/route", problem.GetProperty("instance").GetString());
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task Post_ToGetOnlyRoute_Returns405Problem()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/health", null, TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task UnhandledException_InProduction_Returns500ProblemWithoutInternals()
    {
        var ct = TestContext.Current.CancellationToken;
        using var production = factory.WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var response = await production.CreateClient().GetAsync(ThrowingEndpoint.Path, ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain(ThrowingEndpoint.Secret, body);
        Assert.DoesNotContain("InvalidOperationException", body);
        Assert.DoesNotContain(" at ", body);
    }

    [Fact]
    public async Task UnhandledException_InDevelopment_ShowsTheExceptionInTheProblem()
    {
        var ct = TestContext.Current.CancellationToken;
        using var development = factory.WithWebHostBuilder(b => b.UseEnvironment("Development"));

        var response = await development.CreateClient().GetAsync(ThrowingEndpoint.Path, ct);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Contains(ThrowingEndpoint.Secret, problem.GetProperty("detail").GetString());
    }
}
