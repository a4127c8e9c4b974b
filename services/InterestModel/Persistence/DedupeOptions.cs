namespace Recommender.InterestModel.Persistence;

/// <summary>
/// The global event-id dedupe window (configuration <c>InterestModel:Dedupe</c>). A repeated event id is counted once
/// when it arrives within <see cref="Retention"/> of the first copy, as long as the window holds fewer than
/// <see cref="MaxEntries"/> ids; beyond that the oldest ids are forgotten early.
/// </summary>
public sealed class DedupeOptions
{
    /// <summary>How long an event id is remembered at least (by server arrival time). Default 7 days.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Ids are kept in sets per arrival-time bucket of this width and dropped a bucket at a time, so an id is
    /// remembered between <see cref="Retention"/> and Retention + BucketWidth. Each lookup probes every bucket
    /// (Retention / BucketWidth + 1 of them). Default 1 day.
    /// </summary>
    public TimeSpan BucketWidth { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Most event ids remembered (about 16 bytes of memory and 8 bytes of snapshot each). When reached, the oldest
    /// bucket is dropped before its time and the effective window shrinks (metric <c>interest_model_dedupe_window_s</c>).
    /// Default 10,000,000.
    /// </summary>
    public long MaxEntries { get; set; } = 10_000_000;

    /// <summary>Number of buckets the retention spans (plus the one filling now).</summary>
    internal int NominalBuckets => (int)Math.Ceiling(Retention / BucketWidth) + 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Retention <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Dedupe:Retention must be positive, got {Retention}");
        }
        if (BucketWidth <= TimeSpan.Zero || BucketWidth > Retention)
        {
            throw new ArgumentException($"Dedupe:BucketWidth must be positive and at most Retention ({Retention}), got {BucketWidth}");
        }
        if (Retention / BucketWidth > 1000)
        {
            throw new ArgumentException($"Dedupe:Retention / BucketWidth must be at most 1000 buckets (every lookup probes each), got {Retention / BucketWidth:F0}");
        }
        if (MaxEntries < 1000 || MaxEntries > 2_000_000_000)
        {
            throw new ArgumentException($"Dedupe:MaxEntries must be between 1,000 and 2,000,000,000, got {MaxEntries}");
        }
    }
}
