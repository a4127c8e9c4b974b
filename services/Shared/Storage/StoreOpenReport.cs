namespace Recommender.Storage;

/// <summary>What opening a <see cref="DurableStore"/> did; services log it at start.</summary>
public sealed record StoreOpenReport(
    SnapshotInfo? Snapshot,
    IReadOnlyList<InvalidSnapshot> InvalidSnapshots,
    int TemporaryFilesRemoved,
    LogRecoveryReport Log,
    long ReplayedRecords,
    TimeSpan Elapsed);
