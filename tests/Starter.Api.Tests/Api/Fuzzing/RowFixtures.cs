using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Starter.Tests.Api.Fuzzing;

/// <summary>
/// One real row per collection the document can create (a POST on <c>/x</c> with a <c>/x/{id}</c>
/// beside it), so that path parameters name a row that exists and a request gets past its 404; and
/// the run's credentials, so a request gets past its 401. <paramref name="client"/> is signed in
/// as <paramref name="bearerToken"/>'s user, who owns the rows.
/// </summary>
public sealed partial class RowFixtures(HttpClient client, IReadOnlyList<ApiOperation> operations, string? bearerToken)
{
    private readonly Dictionary<string, string> _ids = [];

    /// <summary>Creates (again) one row per collection, with the body the document calls valid.</summary>
    public async Task CreateAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var create in operations.Where(o => o.Method == "POST" && o.Body is not null
                     && operations.Any(other => other.Path.StartsWith(o.Path + "/{", StringComparison.Ordinal))))
        {
            using var content = new StringContent(Draft.Valid(create).Body, System.Text.Encoding.UTF8, FuzzRequest.JsonType);
            using var response = await client.PostAsync(create.Path, content, ct);
            response.EnsureSuccessStatusCode();
            var created = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            _ids[create.Path] = created.GetProperty("id").ToString();
        }
    }

    /// <summary>
    /// The request with each <c>{name}</c> left in its target replaced by the id of its collection's
    /// row, and the bearer token unless it is anonymous or carries an Authorization of its own.
    /// </summary>
    public FuzzRequest Fill(FuzzRequest request)
    {
        var filled = request with { Target = Placeholder().Replace(request.Target, m => _ids.GetValueOrDefault(request.Target[..(m.Index - 1)], "1")) };
        return bearerToken is null || request.Anonymous || request.Headers.Any(h => h.Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            ? filled
            : filled with { Headers = [.. filled.Headers, ("Authorization", $"Bearer {bearerToken}")] };
    }

    [GeneratedRegex(@"\{\w+\}")]
    private static partial Regex Placeholder();
}
