namespace Starter.Schemas;

/// <summary>The process is alive.</summary>
/// <param name="Status">Always "ok".</param>
public sealed record LivenessRead(string Status)
{
    public static LivenessRead Ok { get; } = new("ok");
}
