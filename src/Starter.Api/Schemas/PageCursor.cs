using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;

namespace Starter.Schemas;

/// <summary>
/// The opaque <c>cursor</c> of keyset pagination: the last id of the previous page, versioned and
/// base64url-encoded. Opaque so its format can change; not secret, since it only names a position.
/// </summary>
public static class PageCursor
{
    private const byte FormatVersion = 1;

    // Base64Url.TryDecodeFromChars throws (rather than return false) on some text outside its
    // alphabet, such as "=" padding or "+": anything else is refused before it is decoded.
    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static string Encode(long afterId)
    {
        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], afterId);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Null or empty means "from the start". False for anything this code did not make.</summary>
    public static bool TryDecode(string? cursor, out long afterId)
    {
        afterId = 0;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }
        Span<byte> bytes = stackalloc byte[9];
        if (cursor.Length != 12
            || cursor.AsSpan().ContainsAnyExcept(Alphabet)
            || !Base64Url.TryDecodeFromChars(cursor, bytes, out var written)
            || written != 9
            || bytes[0] != FormatVersion)
        {
            return false;
        }
        afterId = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        return afterId > 0;
    }
}
