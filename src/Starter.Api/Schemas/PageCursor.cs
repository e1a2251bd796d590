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
    private const byte TextFormatVersion = 2;
    private const int MaxTextBytes = 1024;

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

    /// <summary>A cursor after a text key (an address, a name), for lists kept in that key's order.</summary>
    public static string EncodeText(string afterKey)
    {
        var bytes = new byte[1 + System.Text.Encoding.UTF8.GetByteCount(afterKey)];
        bytes[0] = TextFormatVersion;
        System.Text.Encoding.UTF8.GetBytes(afterKey, bytes.AsSpan(1));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Null or empty means "from the start" (a null key). False for anything this code did not make.</summary>
    public static bool TryDecodeText(string? cursor, out string? afterKey)
    {
        afterKey = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }
        var bytes = new byte[MaxTextBytes + 1];
        if (cursor.Length > Base64Url.GetEncodedLength(bytes.Length)
            || cursor.AsSpan().ContainsAnyExcept(Alphabet)
            || !Base64Url.TryDecodeFromChars(cursor, bytes, out var written)
            || written < 2
            || bytes[0] != TextFormatVersion)
        {
            return false;
        }
        try
        {
            afterKey = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 1, written - 1);
            return true;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return false;
        }
    }
}
