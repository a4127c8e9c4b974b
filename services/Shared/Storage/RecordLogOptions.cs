namespace Recommender.Storage;

/// <summary>Limits and durability settings of a <see cref="RecordLog"/>.</summary>
public sealed class RecordLogOptions
{
    /// <summary>Largest body a batch may have in the file format (1 GiB); limits below must not exceed it.</summary>
    public const int FormatMaxBatchBytes = 1 << 30;

    /// <summary>
    /// A segment file is closed and a new one started once it reaches this size (default 64 MiB).
    /// Segments are the unit that snapshots let the store delete.
    /// </summary>
    public long SegmentBytes { get; set; } = 64L << 20;

    /// <summary>
    /// fsync every commit before acknowledging it (default true). False is for tests that want
    /// speed only: acknowledged data can then be lost on power failure (not on a process crash).
    /// Also applies to snapshots and directory updates.
    /// </summary>
    public bool FlushToDisk { get; set; } = true;

    /// <summary>Largest record payload (default 16 MiB).</summary>
    public int MaxRecordBytes { get; set; } = 16 << 20;

    /// <summary>Most records in one batch (default 100,000).</summary>
    public int MaxBatchRecords { get; set; } = 100_000;

    /// <summary>Largest encoded batch, payloads plus 4 bytes per record (default 64 MiB).</summary>
    public int MaxBatchBytes { get; set; } = 64 << 20;

    /// <summary>
    /// Group commit: concurrent batches are written together with one fsync up to this many bytes
    /// (default 8 MiB; a single larger batch is written on its own).
    /// </summary>
    public int MaxCommitBytes { get; set; } = 8 << 20;

    /// <summary>
    /// Bytes waiting for the writer above which appends fail fast with
    /// <see cref="StorageOverloadedException"/> (default 256 MiB; at least <see cref="MaxBatchBytes"/>).
    /// </summary>
    public long MaxQueuedBytes { get; set; } = 256L << 20;

    /// <summary>What to do about damage that is not a torn tail (default <see cref="LogRecoveryMode.Strict"/>).</summary>
    public LogRecoveryMode RecoveryMode { get; set; } = LogRecoveryMode.Strict;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Require(SegmentBytes >= 4096 && SegmentBytes <= (1L << 40), nameof(SegmentBytes),
            $"must be between 4096 and 2^40 bytes, got {SegmentBytes}");
        Require(MaxRecordBytes >= 1 && MaxRecordBytes <= FormatMaxBatchBytes - 4, nameof(MaxRecordBytes),
            $"must be between 1 and {FormatMaxBatchBytes - 4}, got {MaxRecordBytes}");
        Require(MaxBatchRecords >= 1, nameof(MaxBatchRecords), $"must be at least 1, got {MaxBatchRecords}");
        Require(MaxBatchBytes >= 4 + 1 && MaxBatchBytes <= FormatMaxBatchBytes, nameof(MaxBatchBytes),
            $"must be between 5 and {FormatMaxBatchBytes}, got {MaxBatchBytes}");
        Require(MaxCommitBytes >= 1, nameof(MaxCommitBytes), $"must be at least 1, got {MaxCommitBytes}");
        Require(MaxQueuedBytes >= MaxBatchBytes, nameof(MaxQueuedBytes),
            $"must be at least {nameof(MaxBatchBytes)} ({MaxBatchBytes}), got {MaxQueuedBytes}");
        Require(Enum.IsDefined(RecoveryMode), nameof(RecoveryMode), $"unknown mode {RecoveryMode}");
    }

    private static void Require(bool condition, string name, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} {message}", name);
        }
    }
}
