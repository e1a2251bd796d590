using Microsoft.Net.Http.Headers;

namespace Starter.Api;

/// <summary>Row versions as strong entity tags (<c>"123"</c>), and <c>If-Match</c> read back into one.</summary>
public static class ETag
{
    public static void Set(HttpResponse response, uint version) => response.Headers.ETag = Format(version);

    public static string Format(uint version) => $"\"{version}\"";

    /// <summary>
    /// No header or <c>*</c>: no precondition (null). Otherwise the version the client saw; a tag this
    /// API never issued (weak, malformed) can match nothing, so it reads as version 0, which no row has.
    /// </summary>
    public static uint? FromIfMatch(string? ifMatch)
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*")
        {
            return null;
        }
        return EntityTagHeaderValue.TryParse(ifMatch.Trim(), out var tag)
               && !tag.IsWeak
               && uint.TryParse(tag.Tag.AsSpan().Trim('"'), out var version)
            ? version
            : 0;
    }
}
