namespace Recommender.Storage;

/// <summary>
/// Settings of a <see cref="DurableStore"/>. Bound from configuration as, for example,
/// <c>Storage:DataDirectory</c>, <c>Storage:SnapshotsToKeep</c>, <c>Storage:Log:SegmentBytes</c>.
/// </summary>
public sealed class DurableStoreOptions
{
    /// <summary>The data directory (required); holds <c>LOCK</c>, <c>log/</c> and <c>snapshots/</c>.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>
    /// Snapshots kept (default 2). The log keeps every segment the oldest kept snapshot does not
    /// cover, so an unreadable newest snapshot can fall back to an older one; with 1, segments
    /// covered by the newest snapshot are deleted right after it is written.
    /// </summary>
    public int SnapshotsToKeep { get; set; } = 2;

    /// <summary>
    /// Take a snapshot in the background once this many log bytes were written since the last one
    /// (default 256 MiB; 0 = only when <see cref="DurableStore.SnapshotAsync"/> is called).
    /// </summary>
    public long SnapshotAfterLogBytes { get; set; } = 256L << 20;

    /// <summary>The log's settings: segment size, fsync, batch limits, recovery mode.</summary>
    public RecordLogOptions Log { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException($"{nameof(DataDirectory)} must name a directory, got an empty value", nameof(DataDirectory));
        }

        if (SnapshotsToKeep < 1 || SnapshotsToKeep > 1000)
        {
            throw new ArgumentException($"{nameof(SnapshotsToKeep)} must be between 1 and 1000, got {SnapshotsToKeep}", nameof(SnapshotsToKeep));
        }

        if (SnapshotAfterLogBytes < 0)
        {
            throw new ArgumentException($"{nameof(SnapshotAfterLogBytes)} must be 0 (off) or positive, got {SnapshotAfterLogBytes}", nameof(SnapshotAfterLogBytes));
        }

        ArgumentNullException.ThrowIfNull(Log, nameof(Log));
        Log.Validate();
    }
}
