using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Starter.Tests.Api.Fuzzing;
using Starter.Tests.Infrastructure;

namespace Starter.Tests.Api;

/// <summary>
/// Every body field and query parameter of the served document, sent with the wrong JSON type: a
/// number as a string, a string as a number, a boolean for either. Each is a 400 validation problem
/// naming the field, and writes nothing. Generated from the document, so a new field is covered too.
/// </summary>
public sealed partial class StrictJsonTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task WrongJsonType_ForEveryFieldAndParameter_Returns400ValidationProblemNamingIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = factory.CreateAdminCallerClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", ct));
        var operations = ApiSurface.Read(document.RootElement);
        // Rows for the fields that name one, so that only the wrong type is wrong.
        var rows = await RowFixtures.ForAsync(client);
        await using var database = await DatabaseFingerprint.OpenAsync(factory.ConnectionString);
        var before = await database.TakeAsync();
        var failures = new List<string>();
        var checkedCount = 0;

        foreach (var (op, name, request) in Cases(operations, rows))
        {
            checkedCount++;
            using var response = await client.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != HttpStatusCode.BadRequest || !NamesField(body, name))
            {
                failures.Add($"{op} {name}: {request.Method} {request.RequestUri} {(int)response.StatusCode} {body}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await database.TakeAsync());
        Assert.True(checkedCount >= operations.Count(o => o.Body is not null), "no field was checked");
    }

    private static IEnumerable<(ApiOperation, string, HttpRequestMessage)> Cases(IEnumerable<ApiOperation> operations, RowFixtures rows)
    {
        foreach (var op in operations)
        {
            var path = PathParameter().Replace(op.Path, "1");
            var valid = Draft.Valid(op);
            foreach (var (name, schema) in op.Body?.Properties ?? [])
            {
                foreach (var json in WrongTypes(schema.Kind))
                {
                    var request = new HttpRequestMessage(new HttpMethod(op.Method), path)
                    {
                        Content = new StringContent(rows.Fill(valid.WithField(name, json).Body), Encoding.UTF8, "application/json"),
                    };
                    yield return (op, name, request);
                }
            }
            foreach (var parameter in op.Parameters.Where(p => p.In == "query" && p.Schema.Kind is "integer" or "number" or "boolean"))
            {
                foreach (var value in new[] { "abc", parameter.Schema.Kind == "boolean" ? "1" : "true" })
                {
                    yield return (op, parameter.Name, new HttpRequestMessage(new HttpMethod(op.Method), $"{path}?{parameter.Name}={value}"));
                }
            }
        }
    }

    private static string[] WrongTypes(string kind) => kind switch
    {
        "integer" or "number" => ["\"1\"", "true", "\"x\""],
        "boolean" => ["\"true\"", "1"],
        "string" => ["1", "true", "1.5"],
        "array" => ["\"x\"", "1", "{}"],
        _ => ["\"x\"", "1", "[]"],
    };

    private static bool NamesField(string body, string name)
    {
        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(name, out _);
    }

    [GeneratedRegex(@"\{\w+\}")]
    private static partial Regex PathParameter();
}
