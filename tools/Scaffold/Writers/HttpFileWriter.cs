using System.Text;

namespace Scaffold.Writers;

/// <summary>The resource's requests for the project's <c>.http</c> file, one per operation, in an order that runs.</summary>
public static class HttpFileWriter
{
    public static string Requests(ResourceSpec r, string existing)
    {
        var auth = r.Owned ? "Authorization: Bearer {{login.response.body.$.accessToken}}\n" : "";
        var created = $"created{r.Name}";
        var path = $"{{{{host}}}}/api/v1/{r.Route}";
        var text = new StringBuilder();
        text.Append('\n');
        foreach (var field in r.ReferenceFields)
        {
            // Every create request is named created<Name>: the sample's and the scaffold's.
            var hasCreate = existing.Contains($"# @name created{field.Referenced}\n", StringComparison.Ordinal);
            text.Append($"@{r.Variable}{field.Referenced}Id = {(hasCreate ? $"{{{{created{field.Referenced}.response.body.$.id}}}}" : "1")}\n");
        }
        if (r.ReferenceFields.Any())
        {
            text.Append('\n');
        }
        text.Append($"### Create a {r.Words}\n# @name {created}\nPOST {path}\n{auth}Content-Type: application/json\n\n{Body(r)}\n\n");
        text.Append($"### Get it (the ETag header carries its version)\n# @name read{r.Name}\nGET {path}/{{{{{created}.response.body.$.id}}}}\n{auth}\n");
        text.Append($"### List {r.PluralWords}, one page at a time (pass nextCursor as cursor for the next page)\nGET {path}?limit=20\n{auth}\n");
        foreach (var field in r.ReferenceFields)
        {
            var referenced = r.Referenced(field);
            text.Append($"### List the {r.PluralWords} of one {Naming.Words(field.Referenced!)}\n");
            text.Append($"GET {{{{host}}}}/api/v1/{referenced.Route}/{{{{{r.Variable}{field.Referenced}Id}}}}/{r.Route}?limit=20\n{auth}\n");
        }
        var first = r.Fields[0];
        text.Append($"### Update some fields, only if it is still the version read (else 412)\nPATCH {path}/{{{{{created}.response.body.$.id}}}}\n{auth}");
        text.Append($"Content-Type: application/json\nIf-Match: {{{{read{r.Name}.response.headers.ETag}}}}\n\n{{\n  \"{first.Json}\": {Json(r, first)}\n}}\n\n");
        text.Append($"### Delete it\nDELETE {path}/{{{{{created}.response.body.$.id}}}}\n{auth}");
        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static string Body(ResourceSpec r) =>
        "{\n" + string.Join(",\n", r.Fields.Select(f => $"  \"{f.Json}\": {Json(r, f)}")) + "\n}";

    private static string Json(ResourceSpec r, FieldSpec field) => field.Kind switch
    {
        FieldKind.ShortText => $"\"{Naming.Words(field.Name)[..Math.Min(Naming.Words(field.Name).Length, field.Limit!.Value)]}\"",
        FieldKind.Text => "\"Some text.\"",
        FieldKind.WholeNumber or FieldKind.BigWholeNumber => "42",
        FieldKind.Money => "9.99",
        FieldKind.Bool => "true",
        FieldKind.Date => "\"2026-01-31\"",
        FieldKind.DateTime => "\"2026-01-31T09:30:00Z\"",
        FieldKind.Uuid => "\"3f2504e0-4f89-41d3-9a0c-0305e82c3301\"",
        _ => $"{{{{{r.Variable}{field.Referenced}Id}}}}",
    };
}
