using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Recommender.Storage;

/// <summary>
/// Snapshot files in one directory, named by the last log sequence they include. Writing is
/// atomic (temporary file, fsync, rename, fsync of the directory), so a crash leaves either the
/// new snapshot or none of it; loading takes the newest file that passes its checksum.
/// Thread-safe: writes are serialized.
/// </summary>
public sealed class SnapshotStore
{
    private readonly bool _flushToDisk;
    private readonly int _retain;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Uses (creating if needed) <paramref name="directory"/>, keeping the newest <paramref name="retain"/> snapshots.</summary>
    public SnapshotStore(string directory, int retain, bool flushToDisk = true, ILogger? logger = null)
    {
        if (retain < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(retain), retain, "retain must be at least 1");
        }

        Directory = StorageDirectory.Ensure(directory, "snapshot directory");
        _retain = retain;
        _flushToDisk = flushToDisk;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The snapshot directory (absolute).</summary>
    public string Directory { get; }

    /// <summary>Snapshot files present, newest first (not verified).</summary>
    public IReadOnlyList<SnapshotInfo> List() =>
        System.IO.Directory.EnumerateFiles(Directory, "*" + SnapshotFormat.Extension)
            .Select(path => (Path: path, Sequence: SnapshotFormat.TryParseFileName(Path.GetFileName(path))))
            .Where(file => file.Sequence is not null)
            .OrderByDescending(file => file.Sequence)
            .Select(file => new SnapshotInfo(file.Path, file.Sequence!.Value,
                Math.Max(0, new FileInfo(file.Path).Length - SnapshotFormat.HeaderBytes - SnapshotFormat.TrailerBytes)))
            .ToList();

    /// <summary>Deletes temporary files left by a snapshot write that did not finish; returns how many.</summary>
    public int RemoveTemporaryFiles()
    {
        int removed = 0;
        foreach (string path in System.IO.Directory.EnumerateFiles(Directory, "*" + SnapshotFormat.TemporaryExtension))
        {
            File.Delete(path);
            removed++;
            _logger.LogWarning("Removed unfinished snapshot file {File}", path);
        }

        return removed;
    }

    /// <summary>
    /// Verifies snapshots newest first and passes the payload of the first valid one to
    /// <paramref name="load"/> with its last sequence. Invalid ones are renamed
    /// <c>*.snap.invalid</c>, logged and reported. An exception from <paramref name="load"/>
    /// propagates: the file was intact, so the reader cannot handle what was written.
    /// </summary>
    public SnapshotLoadResult LoadNewestValid(Action<Stream, long> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var invalid = new List<InvalidSnapshot>();
        foreach (SnapshotInfo candidate in List())
        {
            (long LastSequence, long PayloadLength)? verified = SnapshotFormat.Verify(candidate.Path, out string reason);
            if (verified is { } ok && ok.LastSequence != candidate.LastSequence)
            {
                verified = null;
                reason = $"header says last sequence {ok.LastSequence} but the file name says {candidate.LastSequence}";
            }

            if (verified is not { } valid)
            {
                string renamed = Path.ChangeExtension(candidate.Path, null) + SnapshotFormat.InvalidExtension;
                File.Move(candidate.Path, renamed, overwrite: true);
                invalid.Add(new InvalidSnapshot(renamed, reason));
                _logger.LogError("Snapshot {File} is invalid ({Reason}); renamed to {Renamed}, trying an older one",
                    candidate.Path, reason, renamed);
                continue;
            }

            using (var stream = new FileStream(candidate.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            {
                stream.Seek(SnapshotFormat.HeaderBytes, SeekOrigin.Begin);
                load(new BoundedReadStream(stream, valid.PayloadLength), valid.LastSequence);
            }

            return new SnapshotLoadResult(candidate with { PayloadBytes = valid.PayloadLength }, invalid);
        }

        return new SnapshotLoadResult(null, invalid);
    }

    /// <summary>
    /// Writes a snapshot of the state after <paramref name="lastSequence"/> atomically, then
    /// deletes all but the newest retained ones. When a snapshot for that sequence exists
    /// already, returns it without writing.
    /// </summary>
    public async Task<SnapshotInfo> WriteAsync(long lastSequence, Func<Stream, CancellationToken, ValueTask> writePayload,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writePayload);
        ArgumentOutOfRangeException.ThrowIfNegative(lastSequence);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string path = Path.Combine(Directory, SnapshotFormat.FileName(lastSequence));
            if (File.Exists(path))
            {
                return List().First(snapshot => snapshot.LastSequence == lastSequence);
            }

            string temporary = Path.Combine(Directory, $"{lastSequence:D20}{SnapshotFormat.TemporaryExtension}");
            long payloadBytes;
            try
            {
                payloadBytes = await WriteFileAsync(temporary, lastSequence, writePayload, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }

            File.Move(temporary, path);
            FlushDirectory();
            ApplyRetention();
            return new SnapshotInfo(path, lastSequence, payloadBytes);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Deletes every snapshot file except <paramref name="keep"/>; returns how many.</summary>
    public int DeleteAllBut(SnapshotInfo keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        int deleted = 0;
        foreach (SnapshotInfo other in List().Where(snapshot => snapshot.LastSequence != keep.LastSequence))
        {
            File.Delete(other.Path);
            deleted++;
        }

        if (deleted > 0)
        {
            FlushDirectory();
        }

        return deleted;
    }

    /// <summary>The last sequence of the oldest snapshot kept, or null when there is none.</summary>
    public long? OldestRetainedSequence => List().LastOrDefault()?.LastSequence;

    private async Task<long> WriteFileAsync(string temporary, long lastSequence,
        Func<Stream, CancellationToken, ValueTask> writePayload, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        byte[] header = SnapshotFormat.EncodeHeader(lastSequence);
        await file.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        var payload = new ChecksumWriteStream(file, Crc32C.Compute(header));
        await writePayload(payload, cancellationToken).ConfigureAwait(false);
        await file.WriteAsync(SnapshotFormat.EncodeTrailer(payload.BytesWritten, payload.Crc), cancellationToken).ConfigureAwait(false);
        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_flushToDisk)
        {
            file.Flush(flushToDisk: true);
        }

        return payload.BytesWritten;
    }

    private void ApplyRetention()
    {
        IReadOnlyList<SnapshotInfo> snapshots = List();
        if (snapshots.Count <= _retain)
        {
            return;
        }

        foreach (SnapshotInfo old in snapshots.Skip(_retain))
        {
            File.Delete(old.Path);
        }

        FlushDirectory();
    }

    private void FlushDirectory()
    {
        if (_flushToDisk)
        {
            DirectorySync.Flush(Directory);
        }
    }
}
