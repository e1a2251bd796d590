namespace Scaffold;

/// <summary>A refusal: what is wrong with the command, said to the user; nothing has been written.</summary>
public sealed class ScaffoldException(string message) : Exception(message);
