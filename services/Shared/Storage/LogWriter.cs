using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Recommender.Storage;

/// <summary>
/// Group commit: one thread takes every batch queued since its last commit, writes them with one
/// gathered write and one fsync, hands the records to the commit observer in sequence order, and
/// only then completes the appenders' tasks. While it is busy with one commit, the next one
/// fills up, so throughput grows with the number of concurrent appenders.
/// </summary>
internal sealed class LogWriter : IDisposable
{
    // Frames per gathered write call, kept below the usual IOV_MAX of 1024.
    private const int MaxFramesPerWrite = 512;

    private readonly string _directory;
    private readonly RecordLogOptions _options;
    private readonly Action<LogRecord>? _onCommitted;
    private readonly ILogger _logger;
    private readonly Thread _thread;

    private readonly object _queueLock = new();
    private readonly Queue<PendingAppend> _queue = new();
    private readonly List<TaskCompletionSource> _rollRequests = new();
    private long _queuedBytes;
    private bool _stopping;
    private volatile StorageException? _failure;

    private readonly object _segmentsLock = new();
    private readonly List<SegmentFile> _segments;
    private SafeFileHandle _active;
    private long _activeLength;
    private long _nextSequence;

    private long _appends;
    private long _records;
    private long _commits;
    private long _fsyncs;
    private long _bytesWritten;

    public LogWriter(string directory, RecordLogOptions options, RecoveredLog recovered,
        Action<LogRecord>? onCommitted, ILogger logger)
    {
        _directory = directory;
        _options = options;
        _onCommitted = onCommitted;
        _logger = logger;
        _segments = recovered.Segments.ToList();
        _activeLength = recovered.ActiveLength;
        _nextSequence = recovered.NextSequence;
        _active = OpenForAppend(_segments[^1]);
        _thread = new Thread(Run) { IsBackground = true, Name = "RecordLog group commit" };
        _thread.Start();
    }

    public long NextSequence => Interlocked.Read(ref _nextSequence);

    public LogStatistics Statistics
    {
        get
        {
            int segments;
            lock (_segmentsLock)
            {
                segments = _segments.Count;
            }

            return new LogStatistics(Interlocked.Read(ref _appends), Interlocked.Read(ref _records),
                Interlocked.Read(ref _commits), Interlocked.Read(ref _fsyncs), Interlocked.Read(ref _bytesWritten),
                segments);
        }
    }

    /// <summary>The segments and the committed length of the last one, for readers.</summary>
    public (List<SegmentFile> Segments, long ActiveLength) Snapshot()
    {
        lock (_segmentsLock)
        {
            return (_segments.ToList(), _activeLength);
        }
    }

    public Task<AppendResult> Enqueue(PendingAppend append)
    {
        lock (_queueLock)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_failure is { } failure)
            {
                throw new StorageException(failure.Message, failure);
            }

            if (_queuedBytes > 0 && _queuedBytes + append.FrameLength > _options.MaxQueuedBytes)
            {
                throw new StorageOverloadedException(_queuedBytes, _options.MaxQueuedBytes);
            }

            _queue.Enqueue(append);
            _queuedBytes += append.FrameLength;
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_queueLock);
            }
        }

        return append.Completion.Task;
    }

    /// <summary>
    /// Starts a new segment after the last committed record (unless the active one holds none yet), on the writer
    /// thread, so that every record committed before this call lies in segments that
    /// <see cref="DeleteSegmentsCoveredBy"/> can delete once a snapshot covers them.
    /// </summary>
    public Task RollAsync()
    {
        var request = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_queueLock)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_failure is { } failure)
            {
                throw new StorageException(failure.Message, failure);
            }

            _rollRequests.Add(request);
            Monitor.Pulse(_queueLock);
        }

        return request.Task;
    }

    /// <summary>Deletes the oldest segments whose records are all at or below <paramref name="sequence"/>; never the active one.</summary>
    public int DeleteSegmentsCoveredBy(long sequence)
    {
        var covered = new List<SegmentFile>();
        lock (_segmentsLock)
        {
            while (_segments.Count > 1 && _segments[1].BaseSequence <= sequence + 1)
            {
                covered.Add(_segments[0]);
                _segments.RemoveAt(0);
            }
        }

        foreach (SegmentFile segment in covered)
        {
            File.Delete(segment.Path);
        }

        if (covered.Count > 0 && _options.FlushToDisk)
        {
            DirectorySync.Flush(_directory);
        }

        return covered.Count;
    }

    public void Dispose()
    {
        lock (_queueLock)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.PulseAll(_queueLock);
        }

        _thread.Join();
        _active.Dispose();
    }

    private void Run()
    {
        var group = new List<PendingAppend>();
        var buffers = new List<ReadOnlyMemory<byte>>();
        var rolls = new List<TaskCompletionSource>();
        while (true)
        {
            lock (_queueLock)
            {
                while (_queue.Count == 0 && _rollRequests.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_queueLock);
                }

                if (_queue.Count == 0 && _rollRequests.Count == 0)
                {
                    return;
                }

                rolls.AddRange(_rollRequests);
                _rollRequests.Clear();

                long bytes = 0;
                while (_queue.Count > 0
                       && (group.Count == 0 || bytes + _queue.Peek().FrameLength <= _options.MaxCommitBytes))
                {
                    PendingAppend next = _queue.Dequeue();
                    bytes += next.FrameLength;
                    group.Add(next);
                }

                _queuedBytes -= bytes;
            }

            if (group.Count > 0)
            {
                Commit(group, buffers);
                group.Clear();
            }

            if (rolls.Count > 0)
            {
                RollOnRequest(rolls);
                rolls.Clear();
            }
        }
    }

    private void RollOnRequest(List<TaskCompletionSource> requests)
    {
        if (_failure is null && _activeLength > LogFormat.SegmentHeaderBytes)
        {
            TryRoll();
        }

        foreach (TaskCompletionSource request in requests)
        {
            if (_failure is { } failure)
            {
                request.SetException(new StorageException(failure.Message, failure));
            }
            else
            {
                request.SetResult();
            }
        }
    }

    private void Commit(List<PendingAppend> group, List<ReadOnlyMemory<byte>> buffers)
    {
        if (_failure is { } failure)
        {
            FailAll(group, failure);
            return;
        }

        if (!TryWriteDurably(group, buffers) || !TryObserve(group))
        {
            FailAll(group, _failure!);
            return;
        }

        foreach (PendingAppend append in group)
        {
            Interlocked.Add(ref _records, append.RecordCount);
            append.Complete();
        }

        Interlocked.Add(ref _appends, group.Count);
        Interlocked.Increment(ref _commits);
        if (_activeLength >= _options.SegmentBytes)
        {
            TryRoll();
        }
    }

    private bool TryWriteDurably(List<PendingAppend> group, List<ReadOnlyMemory<byte>> buffers)
    {
        long sequence = _nextSequence;
        long offset = _activeLength;
        try
        {
            foreach (PendingAppend append in group)
            {
                LogFormat.SealFrame(append.Frame.AsSpan(0, append.FrameLength), sequence);
                append.FirstSequence = sequence;
                sequence += append.RecordCount;
            }

            for (int start = 0; start < group.Count; start += MaxFramesPerWrite)
            {
                buffers.Clear();
                long chunkBytes = 0;
                for (int i = start; i < Math.Min(group.Count, start + MaxFramesPerWrite); i++)
                {
                    buffers.Add(group[i].FrameMemory);
                    chunkBytes += group[i].FrameLength;
                }

                RandomAccess.Write(_active, buffers, offset);
                offset += chunkBytes;
            }

            if (_options.FlushToDisk)
            {
                RandomAccess.FlushToDisk(_active);
                Interlocked.Increment(ref _fsyncs);
            }
        }
        catch (Exception exception)
        {
            // Whatever went wrong, the file may now hold part of this commit: stop here, and let
            // recovery at the next open cut it as a torn tail.
            SetFailure($"writing to log segment '{_segments[^1].Path}' failed", exception);
            return false;
        }

        Interlocked.Add(ref _bytesWritten, offset - _activeLength);
        lock (_segmentsLock)
        {
            _activeLength = offset;
        }

        Interlocked.Exchange(ref _nextSequence, sequence);
        return true;
    }

    private bool TryObserve(List<PendingAppend> group)
    {
        if (_onCommitted is null)
        {
            return true;
        }

        long sequence = 0;
        try
        {
            foreach (PendingAppend append in group)
            {
                sequence = append.FirstSequence;
                LogFormat.ForEachRecord(append.Header, append.Body, 0, _onCommitted);
            }

            return true;
        }
        catch (Exception exception)
        {
            SetFailure($"applying committed batch at sequence {sequence} failed, so the state no longer matches the "
                + "log (the batch is durable and will be replayed on reopen)", exception);
            return false;
        }
    }

    private void TryRoll()
    {
        try
        {
            SegmentFile segment = SegmentFile.Create(_directory, _nextSequence, _options.FlushToDisk);
            SafeFileHandle handle = OpenForAppend(segment);
            SafeFileHandle previous;
            lock (_segmentsLock)
            {
                _segments.Add(segment);
                previous = _active;
                _active = handle;
                _activeLength = LogFormat.SegmentHeaderBytes;
            }

            previous.Dispose();
        }
        catch (Exception exception)
        {
            SetFailure($"starting a new log segment in '{_directory}' failed", exception);
        }
    }

    private void SetFailure(string what, Exception exception)
    {
        _failure ??= new StorageException(
            $"{what}; the log accepts no more appends until it is reopened: {exception.Message}", exception);
        _logger.LogError(exception, "Record log in {Directory} stopped: {What}", _directory, what);
    }

    private static void FailAll(List<PendingAppend> group, StorageException failure)
    {
        foreach (PendingAppend append in group)
        {
            append.Fail(new StorageException(failure.Message, failure.InnerException));
        }
    }

    private static SafeFileHandle OpenForAppend(SegmentFile segment) =>
        File.OpenHandle(segment.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
}
