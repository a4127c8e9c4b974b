namespace Recommender.Storage;

/// <summary>
/// A service's in-memory state kept by a <see cref="DurableStore"/>: rebuilt from the newest
/// snapshot plus the log records after it, then kept up to date by applying every newly
/// appended record. Replayed and new records take the same path, so the state after a restart
/// equals the state before it.
/// </summary>
public interface IDurableState
{
    /// <summary>
    /// Loads a snapshot payload written by <see cref="WriteSnapshotAsync"/>; the state then
    /// includes every record up to <paramref name="lastSequence"/>. Called at most once, at open,
    /// before any <see cref="Apply"/>.
    /// </summary>
    void LoadSnapshot(Stream payload, long lastSequence);

    /// <summary>
    /// Applies one record, in sequence order: at open for replay, then for each appended record
    /// after it is durable and before its append completes. Runs on the store's writer thread, so
    /// keep it quick, and never throw: validate input before appending it (a throw stops the store).
    /// The payload memory is only valid during the call.
    /// </summary>
    void Apply(LogRecord record);

    /// <summary>
    /// Writes the whole state to <paramref name="destination"/>. No record is applied while this
    /// runs (appends wait), so the payload is exactly the state after the last applied record.
    /// </summary>
    ValueTask WriteSnapshotAsync(Stream destination, CancellationToken cancellationToken);
}
