namespace Starter.Core;

/// <summary>
/// Stops the process before it listens. <c>Program</c> prints <see cref="Problems"/>, one line each,
/// with no stack trace, and exits with <see cref="ExitCode"/>.
/// </summary>
public sealed class StartupException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    /// <summary>EX_CONFIG from sysexits.h: the configuration is wrong, not the code.</summary>
    public const int ExitCode = 78;

    public IReadOnlyList<string> Problems { get; } = problems;

    public StartupException(string problem) : this([problem])
    {
    }
}
