using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Starter.Tests.Api.V1;

/// <summary>Small helpers over the items endpoints, so each test reads as the request it makes.</summary>
internal static class ItemsClient
{
    public const string Path = "/api/v1/items";

    public static async Task<(JsonElement Item, string ETag)> CreateItemAsync(this HttpClient client, string title, string? description = null)
    {
        var response = await client.PostAsJsonAsync(Path, new { title, description }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var item = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return (item, response.Headers.ETag!.ToString());
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string path, string json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string json) =>
        client.PostAsync(Path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
}
