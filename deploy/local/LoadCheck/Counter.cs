using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Starter.Deploy.LoadCheck;

/// <summary>Counts by label ("200", "error:ConnectionError", …), from any thread.</summary>
public sealed class Counter
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public int Total => _counts.Values.Sum();

    public int this[string label] => _counts.GetValueOrDefault(label);

    public void Add(string label) => _counts.AddOrUpdate(label, 1, (_, n) => n + 1);

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (label, count) in _counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            json[label] = count;
        }
        return json;
    }
}
