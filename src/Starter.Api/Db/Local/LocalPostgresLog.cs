namespace Starter.Db.Local;

/// <summary>Log lines of local provisioning (source-generated: no work when the level is off).</summary>
public static partial class LocalPostgresLog
{
    [LoggerMessage(LogLevel.Information, "{Action} {Server}")]
    public static partial void Provisioned(this ILogger logger, string action, string server);
}
