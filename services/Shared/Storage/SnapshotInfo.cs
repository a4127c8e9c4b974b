namespace Recommender.Storage;

/// <summary>A snapshot file: where it is, the last log sequence its state includes, its payload size.</summary>
public sealed record SnapshotInfo(string Path, long LastSequence, long PayloadBytes);

/// <summary>A snapshot file that failed its check at load, and why; it was renamed <c>*.snap.invalid</c>.</summary>
public sealed record InvalidSnapshot(string Path, string Reason);

/// <summary>The snapshot that was loaded (null if none) and the newer ones that were invalid.</summary>
public sealed record SnapshotLoadResult(SnapshotInfo? Loaded, IReadOnlyList<InvalidSnapshot> Invalid);
