using System.Net;
using System.Text;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api.Problems;

/// <summary>
/// Regression: binding failures answered with the framework's words about the C# code ("Implicit body
/// inferred … Did you mean to use a Service instead?", "parameter \"long id\""). Each shape the
/// framework has is checked here against the framework's real binder (<see cref="BindingProbes"/>).
/// </summary>
public sealed class BindingFailureTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task RequiredQueryValue_Missing_Returns400ValidationProblemNamingIt()
    {
        var response = await _client.GetAsync(BindingProbes.RequiredQueryPath, TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("The value is required.", problem.GetProperty("errors").GetProperty("count")[0].GetString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("2147483648")]
    public async Task QueryValue_NotANumber_Returns400ValidationProblemSayingWhatIsExpected(string value)
    {
        var response = await _client.GetAsync($"{BindingProbes.RequiredQueryPath}?count={value}", TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("The value is not a whole number from -2147483648 to 2147483647.",
            problem.GetProperty("errors").GetProperty("count")[0].GetString());
    }

    [Theory]
    [InlineData("", "application/json", HttpStatusCode.BadRequest, "This operation needs a JSON request body.")]
    [InlineData("name=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType,
        "Send the request body as JSON, with Content-Type: application/json.")]
    public async Task ExplicitBody_MissingOrNotJson_ReturnsAProblemSayingWhatToSend(string body, string mediaType, HttpStatusCode status, string detail)
    {
        var response = await _client.PostAsync(BindingProbes.RequiredBodyPath,
            new StringContent(body, Encoding.UTF8, mediaType), TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsProblemAsync(response, status);
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(BindingProbes.RequiredQueryPath + "?count=x")]
    [InlineData(BindingProbes.RequiredQueryPath)]
    public async Task BindingProblems_NeverMentionTheCode(string target)
    {
        var body = await (await _client.GetAsync(target, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain("int count", body);
        Assert.DoesNotContain("parameter", body);
    }
}
