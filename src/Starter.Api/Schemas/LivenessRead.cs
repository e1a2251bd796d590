namespace Starter.Schemas;

/// <summary>The process is alive.</summary>
/// <param name="Status">Always "ok".</param>
public sealed record LivenessRead(string Status) : IExample<LivenessRead>
{
    public static LivenessRead Example => Ok;

    public static LivenessRead Ok { get; } = new("ok");
}
