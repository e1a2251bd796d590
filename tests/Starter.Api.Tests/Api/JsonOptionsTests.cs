using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api;

/// <summary>
/// The JSON settings every endpoint reads bodies with, applied to a record with one field of each
/// kind: strict, so a future schema gets the same rules as the items schemas.
/// </summary>
public sealed class JsonOptionsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public sealed record Sample(string? Text, int? Count);

    private JsonSerializerOptions Options => factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    [Theory]
    [InlineData("""{"count":"1"}""")]
    [InlineData("""{"count":"NaN"}""")]
    [InlineData("""{"text":"a","text":"b"}""")]
    [InlineData("""{"count":1,"count":2}""")]
    [InlineData("""{"other":1}""")]
    [InlineData("""{"text":"nul\u0000"}""")]
    public void Read_AmbiguousOrLooseJson_IsRefused(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Sample>(json, Options));

    [Fact]
    public void Read_StrictJson_IsRead() =>
        Assert.Equal(new Sample("a", 1), JsonSerializer.Deserialize<Sample>("""{"text":"a","count":1}""", Options));
}
