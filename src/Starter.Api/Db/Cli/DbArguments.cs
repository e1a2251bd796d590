namespace Starter.Db.Cli;

/// <summary>
/// <c>db &lt;verb&gt; [operands] [--force] [--setting value …]</c>. Operands may look like options
/// (<c>-1</c>), so only <c>--</c> words are options; the ones that are not ours go to the host's
/// configuration, as they would for the web app.
/// </summary>
internal sealed record DbArguments(string? Verb, IReadOnlyList<string> Operands, bool Force, string[] HostArgs)
{
    public string? Operand(int index) => index < Operands.Count ? Operands[index] : null;

    public static DbArguments Parse(IReadOnlyList<string> args)
    {
        var operands = new List<string>();
        var hostArgs = new List<string>();
        var force = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--force")
            {
                force = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg != "--help")
            {
                hostArgs.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count)
                {
                    hostArgs.Add(args[++i]);
                }
            }
            else
            {
                operands.Add(arg);
            }
        }
        return operands.Count == 0
            ? new DbArguments(null, [], force, [.. hostArgs])
            : new DbArguments(operands[0], operands[1..], force, [.. hostArgs]);
    }
}
