using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Starter.Observability;

/// <summary>
/// The console logger for JSON lines: the stock JSON formatter (same lines, same
/// <c>Logging:Console</c> settings, same "Console" alias for per-provider levels) in front of a
/// <see cref="BatchedConsoleWriter"/> instead of the stock one-write-per-line queue.
/// </summary>
[ProviderAlias("Console")]
public sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly IOptionsMonitor<ConsoleLoggerOptions> _options;
    private readonly ConsoleFormatter _formatter;
    private readonly BatchedConsoleWriter _writer;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public BatchedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters)
    {
        _options = options;
        _formatter = formatters.Single(f => f.Name == ConsoleFormatterNames.Json);
        _writer = new BatchedConsoleWriter(options.CurrentValue.MaxQueueLength, options.CurrentValue.QueueFullMode);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => _writer.Dispose();

    private sealed class Logger(BatchedConsoleLoggerProvider provider, string category) : ILogger
    {
        // Each thread formats into its own buffer, as the stock console logger does.
        [ThreadStatic]
        private static StringWriter? _threadBuffer;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        // Scopes are kept by the logger factory (ISupportExternalScope) and read by the formatter.
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var buffer = _threadBuffer ??= new StringWriter();
            provider._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider._scopes, buffer);
            var text = buffer.GetStringBuilder();
            if (text.Length == 0)
            {
                return;
            }
            var line = text.ToString();
            text.Clear();
            if (text.Capacity > 4096)
            {
                text.Capacity = 4096;
            }
            provider._writer.Enqueue(line, logLevel >= provider._options.CurrentValue.LogToStandardErrorThreshold);
        }
    }
}
