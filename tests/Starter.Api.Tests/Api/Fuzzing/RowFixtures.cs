using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Starter.Tests.Api.Fuzzing;

/// <summary>
/// One real row per collection the document can create (a POST on <c>/x</c> with a <c>/x/{id}</c>
/// beside it), so that path parameters and body fields that name a row (<c>x-references</c>) name
/// one that exists, and a request gets past its 404 or 400; and the run's credentials, so a request
/// gets past its 401. <paramref name="client"/> is signed in as <paramref name="bearerToken"/>'s
/// user, who owns the rows. Everything comes from the document: a new resource needs no code here.
/// </summary>
public sealed partial class RowFixtures(HttpClient client, IReadOnlyList<ApiOperation> operations, string? bearerToken)
{
    /// <summary>Valid text starts so (<see cref="Draft"/>); each request gets its own value of the same length.</summary>
    public const string FreshTextStem = "fuzz";

    private const string FixedUuid = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

    // One count for the whole test run: rows made by two fixtures in one database never share a value.
    private static int _fresh;

    private readonly Dictionary<string, string> _ids = [];

    /// <summary>
    /// One row of every collection the served document lists, made through the API as
    /// <paramref name="client"/>'s caller: for a test that needs a row to refer to.
    /// </summary>
    public static async Task<RowFixtures> ForAsync(HttpClient client)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var rows = new RowFixtures(client, ApiSurface.Read(document.RootElement), bearerToken: null);
        await rows.CreateAsync();
        return rows;
    }

    /// <summary>The id of the row made in <paramref name="collection"/> ("/api/v1/projects").</summary>
    public long IdOf(string collection) =>
        long.Parse(_ids.GetValueOrDefault(collection) ?? throw new InvalidOperationException($"No row was made in {collection}."), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The row of a collection the API has no create for (the accounts of the admin operations): its
    /// id, or any path value, for the placeholders that follow the collection's path.
    /// </summary>
    public void Know(string collection, string id) => _ids[collection] = id;

    /// <summary>A placeholder for the id of <paramref name="collection"/>'s row, filled in as each request is sent.</summary>
    public static string ReferenceTo(string collection) => $"@ref({collection})";

    /// <summary>
    /// Creates (again) one row per collection, with the body the document calls valid, each after
    /// the collections its body refers to. A refusal stops the run, naming the request as a curl line.
    /// </summary>
    public async Task CreateAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var create in InDependencyOrder())
        {
            var request = Fill(FuzzRequest.Json($"set-up: {create}", "POST", create.Path, Draft.Valid(create).Body));
            using var content = new ByteArrayContent(request.Body!);
            content.Headers.ContentType = new(FuzzRequest.JsonType);
            using var response = await client.PostAsync(create.Path, content, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"The fuzz set-up could not create a row: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}\n"
                    + $"    {request.Describe(client.BaseAddress!)}");
            }
            var created = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            _ids[create.Path] = created.GetProperty("id").ToString();
        }
    }

    /// <summary>
    /// The request with each <c>{name}</c> left in its target replaced by the id of its collection's
    /// row, each reference in its body by that row's id and each valid text by a fresh one (all of
    /// the same length, so a chunked body stays well formed), and the bearer token unless it is
    /// anonymous or carries an Authorization of its own.
    /// </summary>
    public FuzzRequest Fill(FuzzRequest request)
    {
        var filled = request with
        {
            Target = Placeholder().Replace(request.Target, m => _ids.GetValueOrDefault(request.Target[..(m.Index - 1)], "1")),
            Body = request.Body is null ? null : FillBody(request.Body),
        };
        return bearerToken is null || request.Anonymous || request.Headers.Any(h => h.Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            ? filled
            : filled with { Headers = [.. filled.Headers, ("Authorization", $"Bearer {bearerToken}")] };
    }

    /// <summary>A JSON body with its references and fresh text filled in, as <see cref="Fill(FuzzRequest)"/> fills a request's.</summary>
    public string Fill(string json) => Encoding.Latin1.GetString(FillBody(Encoding.Latin1.GetBytes(json)));

    private byte[] FillBody(byte[] body)
    {
        // Byte for byte (Latin-1 maps each byte to one char): hostile bytes elsewhere stay as they are.
        var text = Encoding.Latin1.GetString(body);
        text = Reference().Replace(text, m => _ids.GetValueOrDefault(m.Groups[1].Value, "1").PadLeft(m.Length));
        text = FreshText().Replace(text, m => '"' + Fresh(m.Length - 2) + '"');
        text = text.Replace(FixedUuid, Guid.NewGuid().ToString(), StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(text);
    }

    /// <summary>Text of <paramref name="length"/> characters no request of this run had before (up to 36^(length-1) of them).</summary>
    private static string Fresh(int length)
    {
        var number = Interlocked.Increment(ref _fresh);
        var digits = new StringBuilder();
        do
        {
            digits.Insert(0, "0123456789abcdefghijklmnopqrstuvwxyz"[number % 36]);
            number /= 36;
        }
        while (number > 0);
        return ("f" + digits).PadRight(length, 'z')[..length];
    }

    /// <summary>The collections' creates, each after those whose rows its body refers to.</summary>
    private List<ApiOperation> InDependencyOrder()
    {
        var creates = operations.Where(o => o.Method == "POST" && o.Body is not null
                && operations.Any(other => other.Path.StartsWith(o.Path + "/{", StringComparison.Ordinal)))
            .ToDictionary(o => o.Path);
        var ordered = new List<ApiOperation>();
        var visiting = new HashSet<string>();
        void Visit(string path)
        {
            if (ordered.Any(o => o.Path == path) || !creates.TryGetValue(path, out var create))
            {
                return;
            }
            if (!visiting.Add(path))
            {
                throw new InvalidOperationException($"The collections refer to each other in a cycle through {path}: no row can be made first.");
            }
            foreach (var referenced in create.Body!.Properties.Select(p => p.Schema.References).OfType<string>())
            {
                Visit(referenced);
            }
            ordered.Add(create);
        }
        foreach (var path in creates.Keys)
        {
            Visit(path);
        }
        return ordered;
    }

    [GeneratedRegex(@"\{\w+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"@ref\(([^)\s]+)\)")]
    private static partial Regex Reference();

    [GeneratedRegex("\"" + FreshTextStem + "z*\"")]
    private static partial Regex FreshText();
}
