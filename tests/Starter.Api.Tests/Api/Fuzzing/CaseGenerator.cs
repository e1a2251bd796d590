using System.Text;

namespace Starter.Tests.Api.Fuzzing;

/// <summary>
/// Turns the operations of the served document into requests: first every hostile value for every
/// parameter and body field, every body shape, content type, content encoding, method and odd header
/// (systematic), then seeded random mixtures of them (<see cref="Random(ApiOperation[], int, int)"/>).
/// Path parameters that should name a real row stay as <c>{name}</c>; the runner fills them in.
/// </summary>
public static class CaseGenerator
{
    private static readonly string[] OtherMethods = ["HEAD", "OPTIONS", "PUT", "TRACE", "FOO", "get"];

    public static IEnumerable<FuzzRequest> Systematic(IReadOnlyList<ApiOperation> operations)
    {
        foreach (var op in operations)
        {
            var valid = Draft.Valid(op);
            yield return valid.ToRequest($"{op}: valid").Expecting(Outcome.Success);
            if (op.Secured)
            {
                yield return valid.ToRequest($"{op}: no credentials") with { Anonymous = true, Expect = Outcome.Rejected };
                yield return valid.ToRequest($"{op}: a token this API did not issue").WithHeader("Authorization", "Bearer not-a-token")
                    .Expecting(Outcome.Rejected);
                yield return valid.ToRequest($"{op}: a JWT-shaped token nobody signed").WithHeader("Authorization", "Bearer aaa.bbb.ccc")
                    .Expecting(Outcome.Rejected);
            }
            foreach (var parameter in op.Parameters)
            {
                var values = parameter.In == "header" ? HostileValues.ForHeader(parameter.Schema) : HostileValues.ForUrl(parameter.Schema);
                foreach (var value in values)
                {
                    var request = valid.With(parameter, value).ToRequest($"{op}: {parameter.In} {parameter.Name} = {Show(value)}");
                    yield return parameter.In == "header" ? request : request.Expecting(Verdicts.ForUrl(parameter.Schema, value));
                }
                if (parameter.In == "query")
                {
                    var twice = valid with { Query = [.. valid.Query, (parameter.Name, Draft.ValidUrl(parameter.Schema)), (parameter.Name, "2")] };
                    yield return twice.ToRequest($"{op}: query {parameter.Name} twice");
                }
                if (parameter.Required && parameter.In != "path")
                {
                    yield return valid.Without(parameter).ToRequest($"{op}: without required {parameter.Name}").Expecting(Outcome.Rejected);
                }
            }
            if (op.Body is { } body)
            {
                foreach (var request in BodyCases(op, valid, body))
                {
                    yield return request;
                }
            }
            foreach (var (name, value) in HostileValues.OddHeaders())
            {
                yield return valid.ToRequest($"{op}: header {name}: {Show(value)}").WithHeader(name, value);
            }
        }
        foreach (var path in operations.Select(o => o.Path).Distinct())
        {
            var sample = operations.FirstOrDefault(o => o.Path == path && o.Method == "GET") ?? operations.First(o => o.Path == path);
            foreach (var method in OtherMethods)
            {
                var outcome = method switch
                {
                    "HEAD" when sample.Method == "GET" => Outcome.Success,
                    "OPTIONS" or "HEAD" or "get" => Outcome.Any,
                    _ => Outcome.Rejected,
                };
                var request = Draft.Valid(sample).ToRequest($"{method} {path}") with { Method = method };
                // HEAD answers as GET does (without a body); other methods are not the operation's.
                yield return (method == "HEAD" && sample.Method == "GET" ? request : request with { Operation = null }).Expecting(outcome);
            }
        }
        foreach (var target in HostileValues.Targets())
        {
            foreach (var method in new[] { "GET", "HEAD", "DELETE" })
            {
                yield return new FuzzRequest($"{method} {Show(target)}", method, target, [], null);
            }
        }
    }

    private static IEnumerable<FuzzRequest> BodyCases(ApiOperation op, Draft valid, ApiSchema body)
    {
        foreach (var (name, schema) in body.Properties)
        {
            foreach (var json in HostileValues.ForJson(schema))
            {
                yield return valid.WithField(name, json).ToRequest($"{op}: body.{name} = {Show(json)}").Expecting(Verdicts.ForJson(schema, json));
            }
            yield return valid.WithoutField(name).ToRequest($"{op}: body without {name}")
                .Expecting(body.Required.Contains(name) ? Outcome.Rejected : Outcome.Success);
            var field = valid.Fields.First(f => f.Name == name).Json;
            yield return (valid with { Fields = [.. valid.Fields, (name, field)] }).ToRequest($"{op}: body.{name} twice").Expecting(Outcome.Rejected);
            yield return valid.WithoutField(name).WithField(name.ToUpperInvariant(), field).ToRequest($"{op}: body.{name} in capitals");
            yield return valid.WithoutField(name).WithField($"\\u{(int)name[0]:x4}{name[1..]}", field).ToRequest($"{op}: body.{name} escaped name")
                .Expecting(Outcome.Success);
        }
        yield return valid.WithField("unknownField", "1").ToRequest($"{op}: body with an unknown field").Expecting(Outcome.Rejected);
        foreach (var text in HostileValues.Bodies())
        {
            yield return (valid with { Json = text }).ToRequest($"{op}: body {Show(text)}")
                .Expecting(text.StartsWith('\ufeff') ? Outcome.Any : Outcome.Rejected);
        }
        var request = valid.ToRequest($"{op}: valid");
        foreach (var type in HostileValues.ContentTypes())
        {
            yield return request.WithHeader("Content-Type", type, $"{op}: Content-Type {Show(type)}").Expecting(Verdicts.ForContentType(type));
        }
        yield return request.WithoutHeader("Content-Type", $"{op}: no Content-Type").Expecting(Outcome.Rejected);
        foreach (var encoding in HostileValues.ContentEncodings())
        {
            yield return request.WithHeader("Content-Encoding", encoding, $"{op}: Content-Encoding {Show(encoding)}")
                .Expecting(Verdicts.ForContentEncoding(encoding));
        }
        yield return request with { Case = $"{op}: no body", Body = null, Headers = [], Expect = Outcome.Rejected };
        yield return request with { Case = $"{op}: UTF-16 body", Body = Encoding.Unicode.GetBytes(valid.Body), Expect = Outcome.Rejected };
        yield return request with { Case = $"{op}: UTF-8 BOM", Body = [0xEF, 0xBB, 0xBF, .. request.Body!] };
        yield return request with { Case = $"{op}: invalid UTF-8 in a string", Body = Splice(request.Body!, [0xC3, 0x28, 0xFF]), Expect = Outcome.Rejected };
        yield return request with { Case = $"{op}: overlong UTF-8 in a string", Body = Splice(request.Body!, [0xC0, 0xAF]), Expect = Outcome.Rejected };
        var chunked = request.WithHeader("Transfer-Encoding", "chunked");
        yield return chunked with { Case = $"{op}: chunked body", Body = Chunk(request.Body!), Expect = Outcome.Success };
        yield return chunked with { Case = $"{op}: chunked body, bad chunk size", Body = [.. "zz\r\n"u8, .. request.Body!, .. "\r\n0\r\n\r\n"u8], Expect = Outcome.Rejected };
        yield return chunked.WithHeader("Content-Length", "3", $"{op}: chunked body with a Content-Length too") with { Body = Chunk(request.Body!) };
    }

    /// <summary>
    /// <paramref name="count"/> requests, each a valid one with one to three hostile changes picked by
    /// <paramref name="seed"/>: the same seed gives the same requests.
    /// </summary>
    public static IEnumerable<FuzzRequest> Random(ApiOperation[] operations, int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var op = operations[random.Next(operations.Length)];
            var draft = Draft.Valid(op);
            var changes = new List<string>();
            var headers = new List<(string, string)>();
            Func<byte[], byte[]>? bytes = null;
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                switch (random.Next(6))
                {
                    case 0 when op.Parameters.Count > 0:
                        var parameter = Pick(random, op.Parameters);
                        var value = random.Next(3) == 0
                            ? RandomText(random)
                            : Pick(random, parameter.In == "header" ? HostileValues.ForHeader(parameter.Schema) : HostileValues.ForUrl(parameter.Schema));
                        draft = draft.With(parameter, value);
                        changes.Add($"{parameter.Name} = {Show(value)}");
                        break;
                    case 1 when op.Body is { } body:
                        var (name, schema) = Pick(random, body.Properties);
                        var json = Pick(random, HostileValues.ForJson(schema));
                        draft = draft.WithField(name, json);
                        changes.Add($"body.{name} = {Show(json)}");
                        break;
                    case 2 when op.Body is not null:
                        bytes = random.Next(2) == 0 ? Flip(random) : Cut(random);
                        changes.Add("body bytes changed");
                        break;
                    case 3 when op.Body is not null:
                        var type = Pick(random, HostileValues.ContentTypes());
                        headers.Add(("Content-Type", type));
                        changes.Add($"Content-Type {Show(type)}");
                        break;
                    default:
                        var header = Pick(random, HostileValues.OddHeaders());
                        headers.Add(header);
                        changes.Add($"header {header.Name}");
                        break;
                }
            }
            var request = draft.ToRequest($"{op}: random #{i}: {string.Join("; ", changes)}");
            foreach (var (name, value) in headers)
            {
                request = request.WithHeader(name, value);
            }
            if (bytes is not null && request.Body is { } original)
            {
                request = request with { Body = bytes(original) };
            }
            yield return request;
        }
    }

    private static Func<byte[], byte[]> Flip(Random random)
    {
        var at = random.NextDouble();
        var value = (byte)random.Next(256);
        return body => body.Length == 0 ? body : [.. body[..(int)(at * body.Length)], value, .. body[((int)(at * body.Length) + 1)..]];
    }

    private static Func<byte[], byte[]> Cut(Random random)
    {
        var at = random.NextDouble();
        return body => body[..(int)(at * body.Length)];
    }

    private static string RandomText(Random random)
    {
        const string alphabet = "AQaz09-_=+/%. '\"";
        return string.Concat(Enumerable.Range(0, random.Next(0, 20)).Select(_ => alphabet[random.Next(alphabet.Length)]));
    }

    private static T Pick<T>(Random random, IEnumerable<T> items)
    {
        var list = items as IReadOnlyList<T> ?? [.. items];
        return list[random.Next(list.Count)];
    }

    /// <summary>The body in two chunks of HTTP/1.1 chunked transfer coding.</summary>
    private static byte[] Chunk(byte[] body)
    {
        var half = body.Length / 2;
        return [.. Encoding.ASCII.GetBytes($"{half:x}\r\n"), .. body[..half], .. Encoding.ASCII.GetBytes($"\r\n{body.Length - half:x}\r\n"),
            .. body[half..], .. "\r\n0\r\n\r\n"u8];
    }

    /// <summary>Puts <paramref name="bytes"/> just inside the first JSON string of the body.</summary>
    private static byte[] Splice(byte[] body, byte[] bytes)
    {
        var quote = Array.IndexOf(body, (byte)'"', Array.IndexOf(body, (byte)':') + 1) + 1;
        return quote <= 0 ? [.. body, .. bytes] : [.. body[..quote], .. bytes, .. body[quote..]];
    }

    private static string Show(string value)
    {
        var shown = value.Length > 40 ? $"{value[..20]}…({value.Length} chars)" : value;
        return $"'{string.Concat(shown.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()))}'";
    }
}
