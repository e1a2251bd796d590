using System.Text;
using Starter.Tests.Api.V1;

namespace Starter.Tests.Api.Idempotency;

/// <summary>Creates sent with an <c>Idempotency-Key</c>, as a client that retries them sends them.</summary>
internal static class IdempotencyClient
{
    public static Task<HttpResponseMessage> CreateWithKeyAsync(this HttpClient client, string key, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ItemsClient.Path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static string NewKey() => Guid.NewGuid().ToString();

    public static string TitleJson(string title) => $$"""{"title":"{{title}}"}""";
}
