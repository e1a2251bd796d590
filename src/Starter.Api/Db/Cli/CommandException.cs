namespace Starter.Db.Cli;

/// <summary>A <c>db</c> command cannot do what was asked; the message says why, for a person to read.</summary>
internal sealed class CommandException(string message) : Exception(message);
