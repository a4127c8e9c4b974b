using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Recommender.Storage;

/// <summary>
/// A durable, append-only log of opaque records numbered 1, 2, 3, ... in segment files. An
/// append returns once its batch is written and fsynced; concurrent appends share one write and
/// one fsync (group commit). A batch is all-or-nothing on recovery. Opening the log verifies
/// every checksum, cuts a torn tail and reports damage elsewhere (<see cref="LogRecoveryMode"/>).
/// Thread-safe. Owns its directory through a LOCK file.
/// </summary>
public sealed class RecordLog : IDisposable, IAsyncDisposable
{
    private readonly RecordLogOptions _options;
    private readonly DirectoryLock _lock;
    private readonly LogWriter _writer;

    private RecordLog(string directory, RecordLogOptions options, DirectoryLock directoryLock,
        RecoveredLog recovered, Action<LogRecord>? onCommitted, ILogger logger)
    {
        Directory = directory;
        _options = options;
        _lock = directoryLock;
        Recovery = recovered.Report;
        _writer = new LogWriter(directory, options, recovered, onCommitted, logger);
    }

    /// <summary>The log's directory (absolute).</summary>
    public string Directory { get; }

    /// <summary>What opening the log found and repaired.</summary>
    public LogRecoveryReport Recovery { get; }

    /// <summary>The sequence number of the last durable record (0 when there is none).</summary>
    public long LastSequence => _writer.NextSequence - 1;

    /// <summary>The sequence number of the oldest record still on disk (older segments may have been deleted).</summary>
    public long FirstSequence => _writer.Snapshot().Segments[0].BaseSequence;

    /// <summary>Counters since opening: appends, commits, fsyncs, bytes.</summary>
    public LogStatistics Statistics => _writer.Statistics;

    /// <summary>
    /// Opens (creating if needed) the log in <paramref name="directory"/> and recovers it.
    /// <paramref name="onCommitted"/>, if given, sees every newly appended record in sequence order
    /// on the log's writer thread, after the record is durable and before its append completes;
    /// it must be quick, must not append itself, and must not throw (a throw stops the log, because
    /// whatever it maintains no longer matches the log).
    /// </summary>
    /// <exception cref="LogCorruptedException">Damage other than a torn tail, in <see cref="LogRecoveryMode.Strict"/>.</exception>
    /// <exception cref="DataDirectoryLockedException">Another open log holds the directory.</exception>
    /// <exception cref="StorageException">The directory cannot be created or read.</exception>
    public static RecordLog Open(string directory, RecordLogOptions? options = null,
        Action<LogRecord>? onCommitted = null, ILogger? logger = null)
    {
        options ??= new RecordLogOptions();
        options.Validate();
        logger ??= NullLogger.Instance;
        string full = StorageDirectory.Ensure(directory, "log directory");
        DirectoryLock directoryLock = DirectoryLock.Acquire(full);
        try
        {
            RecoveredLog recovered = LogRecovery.Recover(full, options, logger);
            return new RecordLog(full, options, directoryLock, recovered, onCommitted, logger);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            directoryLock.Dispose();
            throw new StorageException($"opening the log in '{full}' failed: {exception.Message}", exception);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends a batch atomically and completes once it is durable, with the sequence numbers it
    /// got. The payloads are copied before this returns. <paramref name="cancellationToken"/> is
    /// only checked before the batch is queued: a queued batch is written regardless.
    /// </summary>
    /// <exception cref="ArgumentException">An empty batch or one above a limit of <see cref="RecordLogOptions"/>.</exception>
    /// <exception cref="StorageOverloadedException">Too many bytes are already queued.</exception>
    /// <exception cref="StorageException">The log stopped after an I/O error.</exception>
    public Task<AppendResult> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();
        int bodyLength = ValidateBatch(records);
        return _writer.Enqueue(PendingAppend.Encode(records, bodyLength));
    }

    /// <summary>Appends a single record; see <see cref="AppendAsync(IReadOnlyList{ReadOnlyMemory{byte}}, CancellationToken)"/>.</summary>
    public Task<AppendResult> AppendAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default) =>
        AppendAsync([record], cancellationToken);

    /// <summary>
    /// Reads every record numbered above <paramref name="afterSequence"/> from disk, in order, and
    /// returns how many it passed to <paramref name="onRecord"/>. Meant for start-up, before
    /// <see cref="DeleteSegmentsCoveredBy"/> can run: it does not wait for deletions.
    /// </summary>
    /// <exception cref="StorageException">Records right after <paramref name="afterSequence"/> were already deleted.</exception>
    public long Replay(long afterSequence, Action<LogRecord> onRecord)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        (List<SegmentFile> segments, long activeLength) = _writer.Snapshot();
        if (segments[0].BaseSequence > afterSequence + 1)
        {
            throw new StorageException(
                $"log '{Directory}' starts at sequence {segments[0].BaseSequence}, so records "
                + $"{afterSequence + 1}..{segments[0].BaseSequence - 1} requested for replay are gone (deleted after a snapshot)");
        }

        long replayed = 0;
        void Count(LogRecord record)
        {
            replayed++;
            onRecord(record);
        }

        for (int i = 0; i < segments.Count; i++)
        {
            bool isActive = i == segments.Count - 1;
            if (!isActive && segments[i + 1].BaseSequence <= afterSequence + 1)
            {
                continue;
            }

            ReplaySegment(segments[i], isActive ? activeLength : null, afterSequence, Count);
        }

        return replayed;
    }

    /// <summary>
    /// Starts a new segment after the last committed record, so that a snapshot taken afterwards covers every
    /// segment before it (see <see cref="DeleteSegmentsCoveredBy"/>). Does nothing when the active segment is empty.
    /// </summary>
    /// <exception cref="StorageException">The log stopped after an I/O error.</exception>
    public Task RollAsync() => _writer.RollAsync();

    /// <summary>
    /// Deletes the oldest segments whose records are all numbered at or below
    /// <paramref name="sequence"/> (the segment being written is never deleted). Returns how many.
    /// </summary>
    public int DeleteSegmentsCoveredBy(long sequence) => _writer.DeleteSegmentsCoveredBy(sequence);

    /// <summary>Waits for queued appends to be written, then closes the log.</summary>
    public void Dispose()
    {
        _writer.Dispose();
        _lock.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private int ValidateBatch(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        if (records.Count == 0)
        {
            throw new ArgumentException("records: a batch needs at least one record", nameof(records));
        }

        if (records.Count > _options.MaxBatchRecords)
        {
            throw new ArgumentException(
                $"records: the batch has {records.Count} records, above {nameof(RecordLogOptions.MaxBatchRecords)} = {_options.MaxBatchRecords}",
                nameof(records));
        }

        long bodyLength = 0;
        for (int i = 0; i < records.Count; i++)
        {
            if (records[i].Length > _options.MaxRecordBytes)
            {
                throw new ArgumentException(
                    $"records[{i}]: the payload has {records[i].Length} bytes, above {nameof(RecordLogOptions.MaxRecordBytes)} = {_options.MaxRecordBytes}",
                    nameof(records));
            }

            bodyLength += LogFormat.RecordHeaderBytes + records[i].Length;
        }

        if (bodyLength > _options.MaxBatchBytes)
        {
            throw new ArgumentException(
                $"records: the batch encodes to {bodyLength} bytes, above {nameof(RecordLogOptions.MaxBatchBytes)} = {_options.MaxBatchBytes}",
                nameof(records));
        }

        return (int)bodyLength;
    }

    private static void ReplaySegment(SegmentFile segment, long? committedLength, long afterSequence, Action<LogRecord> onRecord)
    {
        using var handle = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        long length = committedLength ?? RandomAccess.GetLength(handle);
        var reader = new BufferedFileReader(handle, length);
        for (long offset = LogFormat.SegmentHeaderBytes; offset < length;)
        {
            if (!FrameReader.TryRead(reader, offset, out FrameHeader header, out ReadOnlyMemory<byte> body, out string reason))
            {
                throw new LogCorruptedException(segment.Path, offset, $"{reason} (the file changed after the log was opened)");
            }

            if (header.LastSequence > afterSequence)
            {
                LogFormat.ForEachRecord(header, body, afterSequence, onRecord);
            }

            offset += header.FrameLength;
        }
    }
}
