namespace Recommender.InterestModel.Persistence;

/// <summary>
/// Every event id (as a <see cref="DedupeKey"/>) accepted within the retention window, in sets per arrival-time
/// bucket. Only the log's apply thread changes it, in log order, and bucket boundaries follow the arrival times
/// stored in the log, so a replay rebuilds exactly the same window. Not thread-safe, except <see cref="Count"/> and
/// <see cref="CoveredSince"/>, which metrics read from other threads.
/// </summary>
internal sealed class EventDeduplicator(DedupeOptions options)
{
    private readonly List<Bucket> buckets = []; // oldest first
    private readonly long widthMs = (long)options.BucketWidth.TotalMilliseconds;
    private readonly long retentionMs = (long)options.Retention.TotalMilliseconds;
    private readonly long perBucketCap = Math.Max(1, options.MaxEntries / options.NominalBuckets);
    private long newestArrivalMs = long.MinValue;
    private long count;
    private long coveredSinceMs = long.MinValue;

    /// <summary>Ids remembered.</summary>
    public long Count => Volatile.Read(ref count);

    /// <summary>Buckets dropped before their time because <see cref="DedupeOptions.MaxEntries"/> was reached.</summary>
    public long EarlyDrops { get; private set; }

    /// <summary>Arrival time of the oldest id still remembered (null when empty): ids since then are deduplicated.</summary>
    public DateTimeOffset? CoveredSince =>
        Volatile.Read(ref coveredSinceMs) is var since && since == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(since);

    public bool Contains(ulong key)
    {
        for (var i = buckets.Count - 1; i >= 0; i--)
        {
            if (buckets[i].Keys.Contains(key))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Remembers <paramref name="keys"/> as arrived at <paramref name="arrivalMs"/> and forgets expired buckets.</summary>
    public void Add(IReadOnlyCollection<ulong> keys, long arrivalMs)
    {
        newestArrivalMs = Math.Max(newestArrivalMs, arrivalMs);
        var current = buckets.Count > 0 ? buckets[^1] : null;
        if (current is null || newestArrivalMs >= current.StartMs + widthMs || current.Keys.Count >= perBucketCap)
        {
            current = new Bucket(current is null ? newestArrivalMs : Math.Max(current.StartMs, newestArrivalMs), new UInt64Set());
            buckets.Add(current);
        }
        var added = 0;
        foreach (var key in keys)
        {
            if (current.Keys.Add(key))
            {
                added++;
            }
        }
        Interlocked.Add(ref count, added);
        Expire();
    }

    private void Expire()
    {
        // A bucket holds ids that arrived before the next bucket started; it expires once that start is older than
        // the retention. The bucket filling now never expires.
        while (buckets.Count > 1 && buckets[1].StartMs <= newestArrivalMs - retentionMs)
        {
            DropOldest();
        }
        while (buckets.Count > 1 && Count > options.MaxEntries)
        {
            DropOldest();
            EarlyDrops++;
        }
        Volatile.Write(ref coveredSinceMs, buckets.Count == 0 ? long.MinValue : buckets[0].StartMs);
    }

    private void DropOldest()
    {
        Interlocked.Add(ref count, -buckets[0].Keys.Count);
        buckets.RemoveAt(0);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(newestArrivalMs);
        writer.Write(EarlyDrops);
        writer.Write(buckets.Count);
        foreach (var bucket in buckets)
        {
            writer.Write(bucket.StartMs);
            bucket.Keys.Write(writer);
        }
    }

    public static EventDeduplicator Read(BinaryReader reader, DedupeOptions options)
    {
        var dedupe = new EventDeduplicator(options)
        {
            newestArrivalMs = reader.ReadInt64(),
            EarlyDrops = reader.ReadInt64(),
        };
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var bucket = new Bucket(reader.ReadInt64(), UInt64Set.Read(reader));
            dedupe.buckets.Add(bucket);
            dedupe.count += bucket.Keys.Count;
        }
        // Settings may have changed since the snapshot: apply the current retention and cap.
        dedupe.Expire();
        return dedupe;
    }

    private sealed record Bucket(long StartMs, UInt64Set Keys);
}
