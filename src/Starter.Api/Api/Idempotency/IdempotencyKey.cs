using Microsoft.Extensions.Primitives;
using Starter.Models;

namespace Starter.Api.Idempotency;

/// <summary>The <c>Idempotency-Key</c> header's value: the draft's quoted string, or the same text bare.</summary>
public static class IdempotencyKey
{
    public const string Rule = "One value of 1 to 255 visible ASCII characters, such as a UUID, quoted (\"…\") or not.";

    public static string? Parse(StringValues values)
    {
        if (values.Count != 1 || values[0] is not { } value)
        {
            return null;
        }
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }
        return value.Length is > 0 and <= IdempotencyRecord.KeyMaxLength && value.All(c => c is > ' ' and <= '~' and not '"')
            ? value
            : null;
    }
}
