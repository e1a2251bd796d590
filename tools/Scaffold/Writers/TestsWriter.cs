using System.Text;

namespace Scaffold.Writers;

/// <summary>
/// A test class for the resource (<c>tests/…/Api/V1/</c>): the round trip, a refused body, and each
/// rule the scaffold wrote (a unique field, a reference, the nested list, another user's rows).
/// </summary>
public static class TestsWriter
{
    public static string Tests(ResourceSpec r)
    {
        var ns = r.Project.TestsNamespace;
        var path = $"/api/v1/{r.Route}";
        var code = new StringBuilder();
        code.AppendLine("using System.Net;");
        code.AppendLine("using System.Net.Http.Json;");
        code.AppendLine("using System.Text.Json;");
        code.AppendLine($"using {ns}.Api.Fuzzing;");
        code.AppendLine($"using {ns}.Infrastructure;");
        code.AppendLine();
        code.AppendLine($"namespace {ns}.Api.V1;");
        code.AppendLine();
        code.AppendLine("/// <summary>");
        code.AppendLine($"/// The {r.PluralWords} over HTTP, against the real database: written by the scaffold, to grow with the");
        code.AppendLine("/// rules you add. Rows they refer to are made through the API (<see cref=\"RowFixtures\"/>).");
        code.AppendLine("/// </summary>");
        code.AppendLine($"public sealed class {r.Plural}Tests(ApiFactory factory) : IClassFixture<ApiFactory>");
        code.AppendLine("{");
        code.AppendLine($"    private const string Path = \"{path}\";");
        code.AppendLine();
        code.AppendLine("    private static CancellationToken Ct => TestContext.Current.CancellationToken;");
        code.AppendLine();
        code.AppendLine("    private readonly HttpClient _client = factory.CreateCallerClient();");
        code.AppendLine();

        // Round trip.
        var first = r.Fields[0];
        code.AppendLine("    [Fact]");
        code.AppendLine("    public async Task CreateReadListUpdateDelete_AnswerAsDocumented_AndTheDatabaseFollows()");
        code.AppendLine("    {");
        code.AppendLine("        var rows = await RowFixtures.ForAsync(_client);");
        code.AppendLine("        var created = await _client.PostAsJsonAsync(Path, NewBody(rows), Ct);");
        code.AppendLine();
        code.AppendLine("        Assert.Equal(HttpStatusCode.Created, created.StatusCode);");
        code.AppendLine("        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);");
        code.AppendLine("        var id = body.GetProperty(\"id\").GetInt64();");
        code.AppendLine("        var path = $\"{Path}/{id}\";");
        code.AppendLine("        Assert.Equal(path, created.Headers.Location?.OriginalString);");
        code.AppendLine("        var read = await _client.GetAsync(path, Ct);");
        code.AppendLine("        Assert.Equal(HttpStatusCode.OK, read.StatusCode);");
        code.AppendLine("        Assert.Equal(body.GetRawText(), (await read.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetRawText());");
        code.AppendLine("        var page = await _client.GetFromJsonAsync<JsonElement>($\"{Path}?limit=100\", Ct);");
        code.AppendLine("        Assert.Contains(page.GetProperty(\"items\").EnumerateArray(), row => row.GetProperty(\"id\").GetInt64() == id);");
        code.AppendLine();
        var changeRows = first.Kind == FieldKind.Reference ? "await RowFixtures.ForAsync(_client)" : "rows";
        code.AppendLine($"        var change = Change({changeRows});");
        code.AppendLine("        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(path, change, created.Headers.ETag!)).StatusCode);");
        code.AppendLine("        // The version read before that change is stale now.");
        code.AppendLine("        await ProblemAssert.IsProblemAsync(await PatchAsync(path, change, created.Headers.ETag!), HttpStatusCode.PreconditionFailed);");
        code.AppendLine("        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(path, Ct)).StatusCode);");
        code.AppendLine("        await ProblemAssert.IsProblemAsync(await _client.GetAsync(path, Ct), HttpStatusCode.NotFound);");
        code.AppendLine($"        Assert.Equal(0L, await factory.ScalarAsync<long>(\"SELECT count(*) FROM {r.Table} WHERE id = $1\", id));");
        code.AppendLine("    }");
        code.AppendLine();

        // A refused body.
        code.AppendLine("    [Fact]");
        code.AppendLine($"    public async Task Create_AWronglyTyped{first.Name}_Returns400NamingIt_AndWritesNothing()");
        code.AppendLine("    {");
        code.AppendLine("        var rows = await RowFixtures.ForAsync(_client);");
        code.AppendLine("        var body = NewBody(rows);");
        code.AppendLine($"        body[\"{first.Json}\"] = {WrongValue(first)};");
        code.AppendLine($"        var before = await factory.ScalarAsync<long>(\"SELECT count(*) FROM {r.Table}\");");
        code.AppendLine();
        code.AppendLine("        var response = await _client.PostAsJsonAsync(Path, body, Ct);");
        code.AppendLine();
        code.AppendLine("        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);");
        code.AppendLine($"        Assert.True(problem.GetProperty(\"errors\").TryGetProperty(\"{first.Json}\", out _), problem.ToString());");
        code.AppendLine($"        Assert.Equal(before, await factory.ScalarAsync<long>(\"SELECT count(*) FROM {r.Table}\"));");
        code.AppendLine("    }");
        code.AppendLine();

        if (r.Fields.FirstOrDefault(f => f.Unique) is { } unique)
        {
            code.AppendLine("    [Fact]");
            code.AppendLine($"    public async Task Create_A{unique.Name}TakenAlready_Returns409NamingIt()");
            code.AppendLine("    {");
            code.AppendLine("        var rows = await RowFixtures.ForAsync(_client);");
            code.AppendLine("        var body = NewBody(rows);");
            code.AppendLine("        Assert.Equal(HttpStatusCode.Created, (await _client.PostAsJsonAsync(Path, body, Ct)).StatusCode);");
            code.AppendLine();
            code.AppendLine("        var again = NewBody(rows);");
            code.AppendLine($"        again[\"{unique.Json}\"] = body[\"{unique.Json}\"];");
            code.AppendLine("        var response = await _client.PostAsJsonAsync(Path, again, Ct);");
            code.AppendLine();
            code.AppendLine("        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);");
            code.AppendLine($"        Assert.Equal(\"Another {Naming.Words(r.Name)} already has this {unique.Json}.\", problem.GetProperty(\"errors\").GetProperty(\"{unique.Json}\")[0].GetString());");
            code.AppendLine("    }");
            code.AppendLine();
        }

        foreach (var field in r.ReferenceFields)
        {
            var referenced = r.Referenced(field);
            var collection = $"/api/v1/{referenced.Route}";
            var words = Naming.Words(field.Referenced!);
            var strangers = r.Owned && referenced.Owned;
            code.AppendLine("    [Fact]");
            code.AppendLine(strangers
                ? $"    public async Task Create_With{field.Referenced}OfAnotherUser_Returns400Naming{field.Name}()"
                : $"    public async Task Create_WithA{field.Referenced}ThatIsNotThere_Returns400Naming{field.Name}()");
            code.AppendLine("    {");
            code.AppendLine("        var body = NewBody(await RowFixtures.ForAsync(_client));");
            code.AppendLine(strangers
                ? $"        body[\"{field.Json}\"] = (await RowFixtures.ForAsync(factory.CreateCallerClient())).IdOf(\"{collection}\");"
                : $"        body[\"{field.Json}\"] = long.MaxValue;");
            code.AppendLine();
            code.AppendLine("        var response = await _client.PostAsJsonAsync(Path, body, Ct);");
            code.AppendLine();
            code.AppendLine("        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);");
            code.AppendLine($"        Assert.Equal(\"There is no {words} with this id.\", problem.GetProperty(\"errors\").GetProperty(\"{field.Json}\")[0].GetString());");
            code.AppendLine("    }");
            code.AppendLine();
            code.AppendLine("    [Fact]");
            code.AppendLine($"    public async Task ListOfA{field.Referenced}_HoldsItsOwn{r.Plural}Only()");
            code.AppendLine("    {");
            code.AppendLine("        var (mine, other) = (await RowFixtures.ForAsync(_client), await RowFixtures.ForAsync(_client));");
            code.AppendLine("        var ids = new List<long>();");
            code.AppendLine("        foreach (var rows in new[] { mine, mine, other })");
            code.AppendLine("        {");
            code.AppendLine("            var created = await _client.PostAsJsonAsync(Path, NewBody(rows), Ct);");
            code.AppendLine("            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty(\"id\").GetInt64());");
            code.AppendLine("        }");
            code.AppendLine();
            code.AppendLine($"        var page = await _client.GetFromJsonAsync<JsonElement>($\"{collection}/{{mine.IdOf(\"{collection}\")}}/{r.Route}?limit=100\", Ct);");
            code.AppendLine();
            code.AppendLine("        var listed = page.GetProperty(\"items\").EnumerateArray().ToList();");
            code.AppendLine($"        Assert.All(listed, row => Assert.Equal(mine.IdOf(\"{collection}\"), row.GetProperty(\"{field.Json}\").GetInt64()));");
            code.AppendLine("        Assert.Contains(listed, row => row.GetProperty(\"id\").GetInt64() == ids[0]);");
            code.AppendLine("        Assert.Contains(listed, row => row.GetProperty(\"id\").GetInt64() == ids[1]);");
            code.AppendLine("        Assert.DoesNotContain(listed, row => row.GetProperty(\"id\").GetInt64() == ids[2]);");
            code.AppendLine($"        await ProblemAssert.IsProblemAsync(await _client.GetAsync($\"{collection}/{{long.MaxValue}}/{r.Route}\", Ct), HttpStatusCode.NotFound);");
            code.AppendLine("    }");
            code.AppendLine();
        }

        if (r.Owned)
        {
            code.AppendLine("    [Fact]");
            code.AppendLine($"    public async Task AnotherUsers{r.Name}_IsNotFound_ForReadingChangingOrDeleting()");
            code.AppendLine("    {");
            code.AppendLine("        var created = await _client.PostAsJsonAsync(Path, NewBody(await RowFixtures.ForAsync(_client)), Ct);");
            code.AppendLine("        var path = created.Headers.Location!.OriginalString;");
            code.AppendLine("        var stranger = factory.CreateCallerClient();");
            code.AppendLine();
            code.AppendLine("        await ProblemAssert.IsProblemAsync(await stranger.GetAsync(path, Ct), HttpStatusCode.NotFound);");
            code.AppendLine("        await ProblemAssert.IsProblemAsync(await stranger.DeleteAsync(path, Ct), HttpStatusCode.NotFound);");
            code.AppendLine("        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(path, Ct)).StatusCode);");
            code.AppendLine("    }");
            code.AppendLine();
        }

        // Helpers.
        code.AppendLine($"    /// <summary>A valid new {r.Words}, with fresh values where they must be unique.</summary>");
        code.AppendLine("    private static Dictionary<string, object?> NewBody(RowFixtures rows) => new()");
        code.AppendLine("    {");
        foreach (var field in r.Fields)
        {
            code.AppendLine($"        [\"{field.Json}\"] = {TestValue(r, field)},");
        }
        code.AppendLine("    };");
        code.AppendLine();
        code.AppendLine($"    /// <summary>A change to {first.Json}.</summary>");
        code.AppendLine($"    private static Dictionary<string, object?> Change(RowFixtures rows) => new() {{ [\"{first.Json}\"] = {TestValue(r, first)} }};");
        code.AppendLine();
        code.AppendLine("    private Task<HttpResponseMessage> PatchAsync(string path, Dictionary<string, object?> change, System.Net.Http.Headers.EntityTagHeaderValue etag)");
        code.AppendLine("    {");
        code.AppendLine("        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(change) };");
        code.AppendLine("        request.Headers.IfMatch.Add(etag);");
        code.AppendLine("        return _client.SendAsync(request, Ct);");
        code.AppendLine("    }");
        code.AppendLine();
        code.AppendLine("    private static string Fresh(int length) => (\"t\" + Guid.NewGuid().ToString(\"N\"))[..Math.Min(length, 33)];");
        code.AppendLine("}");
        return code.ToString();
    }

    /// <summary>A valid JSON value for the field, as C#: fresh on each call where it could be taken.</summary>
    private static string TestValue(ResourceSpec r, FieldSpec field) => field.Kind switch
    {
        FieldKind.ShortText => $"Fresh({field.Limit})",
        FieldKind.Text => "Fresh(33)",
        FieldKind.WholeNumber => "Random.Shared.Next(1, int.MaxValue)",
        FieldKind.BigWholeNumber => "Random.Shared.NextInt64(1, long.MaxValue)",
        FieldKind.Money => "Random.Shared.Next(1, 100_000) / 100m",
        FieldKind.Bool => "true",
        FieldKind.Date => "DateOnly.FromDayNumber(Random.Shared.Next(730_000, 760_000))",
        FieldKind.DateTime => "DateTimeOffset.UnixEpoch.AddSeconds(Random.Shared.Next())",
        FieldKind.Uuid => "Guid.NewGuid()",
        _ => $"rows.IdOf(\"/api/v1/{r.Referenced(field).Route}\")",
    };

    /// <summary>A JSON value of the wrong type for the field.</summary>
    private static string WrongValue(FieldSpec field) => field.IsText ? "5" : "\"not a value of this type\"";
}
