using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Recommender.Storage;

/// <summary>
/// What a service stands on to make acknowledged writes survive crashes: a data directory with a
/// <see cref="RecordLog"/> and a <see cref="SnapshotStore"/>, feeding one <see cref="IDurableState"/>.
/// Open loads the newest valid snapshot and replays the log after it; <see cref="AppendAsync(IReadOnlyList{ReadOnlyMemory{byte}}, CancellationToken)"/>
/// completes once the batch is durable and applied; <see cref="SnapshotAsync"/> writes the state
/// and deletes the log segments no kept snapshot needs. Thread-safe.
/// </summary>
public sealed class DurableStore : IDisposable, IAsyncDisposable
{
    private readonly DurableStoreOptions _options;
    private readonly IDurableState _state;
    private readonly ILogger _logger;
    private readonly DirectoryLock _lock;
    private readonly SnapshotStore _snapshots;
    private readonly SemaphoreSlim _applyGate = new(1, 1);
    private readonly SemaphoreSlim _snapshotLock = new(1, 1);
    private RecordLog _log = null!;
    private long _lastApplied;
    private long _logBytesAtLastSnapshot;
    private long _erasedThrough;
    private int _autoSnapshotRunning;
    private bool _disposed;

    private DurableStore(DurableStoreOptions options, IDurableState state, ILogger logger, DirectoryLock directoryLock,
        SnapshotStore snapshots)
    {
        _options = options;
        _state = state;
        _logger = logger;
        _lock = directoryLock;
        _snapshots = snapshots;
    }

    /// <summary>What opening found: snapshot used, invalid snapshots, torn tail cut, records replayed.</summary>
    public StoreOpenReport OpenReport { get; private set; } = null!;

    /// <summary>The sequence number of the last record applied to the state.</summary>
    public long LastAppliedSequence => Interlocked.Read(ref _lastApplied);

    /// <summary>The log's counters (appends, commits, fsyncs, bytes).</summary>
    public LogStatistics LogStatistics => _log.Statistics;

    /// <summary>The log underneath, for inspection (its first sequence, statistics).</summary>
    public RecordLog Log => _log;

    /// <summary>Snapshot files present, newest first.</summary>
    public IReadOnlyList<SnapshotInfo> Snapshots => _snapshots.List();

    /// <summary>
    /// Opens (creating if needed) the data directory, loads the newest valid snapshot into
    /// <paramref name="state"/> and replays the log records after it.
    /// </summary>
    /// <exception cref="DataDirectoryLockedException">Another process has the directory open.</exception>
    /// <exception cref="LogCorruptedException">The log is damaged other than at its tail.</exception>
    /// <exception cref="StorageException">The directory is unusable, or the log and snapshots do not fit together.</exception>
    public static DurableStore Open(DurableStoreOptions options, IDurableState state, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(state);
        options.Validate();
        logger ??= NullLogger.Instance;
        var clock = Stopwatch.StartNew();
        string dataDirectory = StorageDirectory.Ensure(options.DataDirectory, nameof(options.DataDirectory));
        DirectoryLock directoryLock = DirectoryLock.Acquire(dataDirectory);
        DurableStore? store = null;
        try
        {
            var snapshots = new SnapshotStore(Path.Combine(dataDirectory, "snapshots"), options.SnapshotsToKeep,
                options.Log.FlushToDisk, logger);
            store = new DurableStore(options, state, logger, directoryLock, snapshots);
            int temporaryRemoved = snapshots.RemoveTemporaryFiles();
            SnapshotLoadResult loaded = snapshots.LoadNewestValid(state.LoadSnapshot);
            long snapshotSequence = loaded.Loaded?.LastSequence ?? 0;

            store._log = RecordLog.Open(Path.Combine(dataDirectory, "log"), options.Log, store.ApplyCommitted, logger);
            if (store._log.LastSequence < snapshotSequence)
            {
                throw new StorageException(
                    $"the log in '{store._log.Directory}' ends at sequence {store._log.LastSequence} but snapshot "
                    + $"'{loaded.Loaded!.Path}' includes records up to {snapshotSequence}: the log lost records it had "
                    + "acknowledged (was Log.FlushToDisk off during a power failure?); move the log directory away to start from the snapshot");
            }

            long replayedBytes = 0;
            long replayed = store._log.Replay(snapshotSequence, record =>
            {
                ApplyReplayed(state, record, store._log.Directory);
                replayedBytes += LogFormat.RecordHeaderBytes + record.Payload.Length;
            });
            store._lastApplied = store._log.LastSequence;
            store._logBytesAtLastSnapshot = -replayedBytes;
            store.OpenReport = new StoreOpenReport(loaded.Loaded, loaded.Invalid, temporaryRemoved,
                store._log.Recovery, replayed, clock.Elapsed);
            logger.LogInformation(
                "Opened store {Directory}: snapshot at {SnapshotSequence}, replayed {Replayed} records, last sequence {Last}, torn tail {TornBytes} bytes, in {Elapsed}",
                dataDirectory, snapshotSequence, replayed, store._lastApplied, store._log.Recovery.TornTailBytes, clock.Elapsed);
            return store;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            store?._log?.Dispose();
            directoryLock.Dispose();
            throw new StorageException($"opening the store in '{dataDirectory}' failed: {exception.Message}", exception);
        }
        catch
        {
            store?._log?.Dispose();
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends a batch atomically; completes once it is durable and applied to the state, with the
    /// sequence numbers it got. See <see cref="RecordLog.AppendAsync(IReadOnlyList{ReadOnlyMemory{byte}}, CancellationToken)"/> for limits and errors.
    /// </summary>
    public async Task<AppendResult> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        AppendResult result = await _log.AppendAsync(records, cancellationToken).ConfigureAwait(false);
        MaybeStartAutomaticSnapshot();
        return result;
    }

    /// <summary>Appends a single record; see <see cref="AppendAsync(IReadOnlyList{ReadOnlyMemory{byte}}, CancellationToken)"/>.</summary>
    public Task<AppendResult> AppendAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default) =>
        AppendAsync([record], cancellationToken);

    /// <summary>
    /// Writes a snapshot of the state at <see cref="LastAppliedSequence"/> (appends wait while the
    /// state writes itself), keeps the newest <see cref="DurableStoreOptions.SnapshotsToKeep"/>,
    /// and deletes log segments that the oldest kept snapshot covers once that many exist.
    /// </summary>
    public async Task<SnapshotInfo> SnapshotAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _snapshotLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            SnapshotInfo snapshot = await WriteSnapshotLockedAsync(cancellationToken).ConfigureAwait(false);
            IReadOnlyList<SnapshotInfo> kept = _snapshots.List();
            int deleted = kept.Count >= _options.SnapshotsToKeep ? _log.DeleteSegmentsCoveredBy(kept[^1].LastSequence) : 0;
            _logger.LogInformation(
                "Snapshot {File} at sequence {Sequence} ({Bytes} bytes); deleted {Deleted} log segments",
                snapshot.Path, snapshot.LastSequence, snapshot.PayloadBytes, deleted);
            return snapshot;
        }
        finally
        {
            _snapshotLock.Release();
        }
    }

    /// <summary>
    /// Erasure: once this completes, no file in the data directory holds a record numbered at or below
    /// <paramref name="sequence"/> except through the state's own snapshot of itself. The log is rolled, a snapshot
    /// written, every older snapshot and every log segment before the roll deleted, and the files recovery set aside
    /// (invalid snapshots, cut-off corruption, discarded segments) removed. A record that removed data from the
    /// state (a deletion) is thereby gone from disk with the data it removed. Calls that an earlier erasure already
    /// covers return at once, so concurrent deletions share one snapshot.
    /// </summary>
    public async Task EraseThroughAsync(long sequence, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _snapshotLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (Interlocked.Read(ref _erasedThrough) >= sequence)
            {
                return;
            }

            await _log.RollAsync().ConfigureAwait(false);
            SnapshotInfo snapshot = await WriteSnapshotLockedAsync(cancellationToken).ConfigureAwait(false);
            int snapshotsDeleted = _snapshots.DeleteAllBut(snapshot);
            int segmentsDeleted = _log.DeleteSegmentsCoveredBy(snapshot.LastSequence);
            int setAsideDeleted = StorageDirectory.DeleteSetAsideFiles(_options.DataDirectory, _options.Log.FlushToDisk);
            Interlocked.Exchange(ref _erasedThrough, snapshot.LastSequence);
            _logger.LogInformation(
                "Erased records up to {Sequence}: snapshot {File}; deleted {Snapshots} older snapshots, {Segments} log segments, {SetAside} set-aside files",
                snapshot.LastSequence, snapshot.Path, snapshotsDeleted, segmentsDeleted, setAsideDeleted);
        }
        finally
        {
            _snapshotLock.Release();
        }
    }

    private async Task<SnapshotInfo> WriteSnapshotLockedAsync(CancellationToken cancellationToken)
    {
        SnapshotInfo snapshot;
        long logBytes;
        await _applyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            logBytes = _log.Statistics.BytesWritten;
            snapshot = await _snapshots.WriteAsync(LastAppliedSequence, _state.WriteSnapshotAsync, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            _applyGate.Release();
        }

        _logBytesAtLastSnapshot = logBytes;
        return snapshot;
    }

    /// <summary>Waits for a running snapshot and queued appends, then closes the store and releases the directory.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _snapshotLock.Wait();
        try
        {
            _log.Dispose();
            _lock.Dispose();
        }
        finally
        {
            _snapshotLock.Release(); // a snapshot still waiting sees _disposed and gives up
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _snapshotLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _log.Dispose();
            _lock.Dispose();
        }
        finally
        {
            _snapshotLock.Release();
        }
    }

    private void ApplyCommitted(LogRecord record)
    {
        _applyGate.Wait();
        try
        {
            _state.Apply(record);
            Interlocked.Exchange(ref _lastApplied, record.Sequence);
        }
        finally
        {
            _applyGate.Release();
        }
    }

    private static void ApplyReplayed(IDurableState state, LogRecord record, string logDirectory)
    {
        try
        {
            state.Apply(record);
        }
        catch (Exception exception) when (exception is not StorageException)
        {
            throw new StorageException(
                $"replaying record {record.Sequence} of the log in '{logDirectory}' failed: {exception.Message}", exception);
        }
    }

    private void MaybeStartAutomaticSnapshot()
    {
        if (_options.SnapshotAfterLogBytes == 0
            || _log.Statistics.BytesWritten - _logBytesAtLastSnapshot < _options.SnapshotAfterLogBytes
            || Interlocked.CompareExchange(ref _autoSnapshotRunning, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                if (!_disposed)
                {
                    await SnapshotAsync().ConfigureAwait(false);
                }
            }
            catch (ObjectDisposedException)
            {
                // The store closed while the snapshot was about to start.
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "Automatic snapshot of {Directory} failed", _options.DataDirectory);
            }
            finally
            {
                Volatile.Write(ref _autoSnapshotRunning, 0);
            }
        });
    }
}
