using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Console;

namespace Starter.Observability;

/// <summary>
/// Log lines on their way to stdout/stderr. A caller only queues its line; one background thread
/// writes whatever has queued every <see cref="Interval"/> (or as soon as the queue is full), one
/// write per batch. The stock console logger instead wakes its writer thread and makes a system
/// call for every line, which at one line per request cost more CPU than a small request itself
/// when measured. A full queue holds callers back, like the stock logger's
/// <see cref="ConsoleLoggerQueueFullMode.Wait"/> mode, unless it is set to drop lines.
/// </summary>
public sealed class BatchedConsoleWriter : IDisposable
{
    /// <summary>How long a line can wait in the queue; short enough for <c>docker logs -f</c>.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly Channel<(string Line, bool Error)> _queue;
    // No spinning before it blocks: the writer sleeps between batches, and a spinning wait showed up
    // as hundreds of context switches a second.
    private readonly ManualResetEventSlim _wake = new(initialState: false, spinCount: 0);
    private readonly StreamWriter _stdout;
    private readonly StreamWriter _stderr;
    private readonly Thread _writing;
    private volatile bool _closed;

    public BatchedConsoleWriter(int capacity, ConsoleLoggerQueueFullMode fullMode)
        : this(Console.OpenStandardOutput(), Console.OpenStandardError(), capacity, fullMode)
    {
    }

    public BatchedConsoleWriter(Stream stdout, Stream stderr, int capacity, ConsoleLoggerQueueFullMode fullMode)
    {
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        _stdout = new StreamWriter(stdout, encoding, bufferSize: 64 * 1024);
        _stderr = new StreamWriter(stderr, encoding, bufferSize: 16 * 1024);
        _queue = Channel.CreateBounded<(string, bool)>(new BoundedChannelOptions(capacity)
        {
            FullMode = fullMode == ConsoleLoggerQueueFullMode.DropWrite ? BoundedChannelFullMode.DropWrite : BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        // A thread of its own, as the stock logger has: callers blocked on a full queue may be
        // holding every thread-pool thread.
        _writing = new Thread(WriteBatches) { IsBackground = true, Name = "Console log writer" };
        _writing.Start();
    }

    public void Enqueue(string line, bool error)
    {
        // After Dispose a line has nowhere to go: the stock logger drops it too.
        if (_queue.Writer.TryWrite((line, error)) || _closed)
        {
            return;
        }
        // Full: get the writer going now, then wait for room.
        WakeWriter();
        try
        {
            _queue.Writer.WriteAsync((line, error)).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException)
        {
            // Closed while waiting.
        }
    }

    private void WakeWriter() => _wake.Set();

    private void WriteBatches()
    {
        // Completion ends once the queue is closed (Dispose) and every line in it written.
        while (!_queue.Reader.Completion.IsCompleted)
        {
            _wake.Wait(Interval);
            _wake.Reset();
            WriteQueued();
        }
    }

    private void WriteQueued()
    {
        // The queue is emptied even when the console fails, so that callers are never left waiting on it.
        while (_queue.Reader.TryRead(out var entry))
        {
            try
            {
                (entry.Error ? _stderr : _stdout).Write(entry.Line);
            }
            catch (IOException)
            {
                // The reader of stdout is gone (a closed pipe): the line is lost, and the app goes on.
            }
        }
        Flush(_stdout);
        Flush(_stderr);
    }

    private static void Flush(StreamWriter writer)
    {
        try
        {
            writer.Flush();
        }
        catch (IOException)
        {
            // As above.
        }
    }

    /// <summary>Writes every line queued so far and stops.</summary>
    public void Dispose()
    {
        _closed = true;
        _queue.Writer.TryComplete();
        WakeWriter();
        _writing.Join(TimeSpan.FromSeconds(5));
    }
}
