using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Caching;

/// <summary>
/// Thread-safe LRU cache of embeddings keyed by model name and text, bounded in bytes: each entry
/// counts <see cref="EntryBytes"/> (its key's characters, its vector's floats and a fixed overhead),
/// and the least recently used entries are evicted to stay within
/// <see cref="EmbeddingCacheOptions.CapacityBytes"/>. The cache keeps its own copies of vectors:
/// <see cref="Set"/> copies in and <see cref="TryGet"/> copies out, so callers may modify what they hold.
/// </summary>
public sealed class EmbeddingCache : IDisposable
{
    /// <summary>
    /// Bytes counted per entry beyond its characters and floats, estimated from 64-bit .NET object layouts: dictionary
    /// slot 32, list node 48, entry object 48, vector array header 24, text string header 22.
    /// </summary>
    public const int EntryOverheadBytes = 176;

    private readonly object _gate = new();
    private readonly Dictionary<CacheKey, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = []; // most recently used first
    private readonly Meter _meter = new(EncoderMeter.Name);
    private readonly Counter<long> _hitCounter;
    private readonly Counter<long> _missCounter;
    private readonly Counter<long> _evictionCounter;
    private long _sizeBytes;
    private long _hits;
    private long _misses;
    private long _evictions;

    /// <summary>Creates an empty cache; <paramref name="options"/> is validated.</summary>
    public EmbeddingCache(EmbeddingCacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CapacityBytes = options.CapacityBytes;

        _hitCounter = _meter.CreateCounter<long>("encoder.cache.hits", "{lookup}", "Embedding cache lookups that found the vector.");
        _missCounter = _meter.CreateCounter<long>("encoder.cache.misses", "{lookup}", "Embedding cache lookups that did not.");
        _evictionCounter = _meter.CreateCounter<long>("encoder.cache.evictions", "{entry}", "Entries evicted to stay within the byte bound.");
        _meter.CreateObservableGauge("encoder.cache.hit_ratio", () => HitRatio, "1", "Hits / lookups since start.");
        _meter.CreateObservableGauge("encoder.cache.size", () => SizeBytes, "By", "Bytes counted for the cached entries.");
        _meter.CreateObservableGauge("encoder.cache.entries", () => Count, "{entry}", "Cached entries.");
    }

    /// <summary>The byte bound; 0 means the cache is off.</summary>
    public long CapacityBytes { get; }

    /// <summary>Bytes counted for the cached entries.</summary>
    public long SizeBytes => Interlocked.Read(ref _sizeBytes);

    /// <summary>Cached entries.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Lookups that found the vector.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that did not.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Entries evicted to stay within the bound.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>Hits / lookups since start; 0 before the first lookup.</summary>
    public double HitRatio
    {
        get
        {
            var hits = Hits;
            var lookups = hits + Misses;
            return lookups == 0 ? 0 : (double)hits / lookups;
        }
    }

    /// <summary>Bytes an entry of <paramref name="dimension"/> floats for this model and text counts.</summary>
    public static long EntryBytes(string model, string text, int dimension) =>
        EntryOverheadBytes + sizeof(char) * ((long)model.Length + text.Length) + sizeof(float) * (long)dimension;

    /// <summary>Looks the text up, marking it most recently used; <paramref name="vector"/> is a copy.</summary>
    public bool TryGet(string model, string text, [NotNullWhen(true)] out float[]? vector)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(text);
        vector = null;
        if (CapacityBytes == 0)
        {
            return false;
        }

        lock (_gate)
        {
            if (_entries.TryGetValue(new CacheKey(model, text), out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                vector = (float[])node.Value.Vector.Clone();
            }
        }

        var tag = new KeyValuePair<string, object?>(EncoderMeter.ModelTag, model);
        if (vector is null)
        {
            Interlocked.Increment(ref _misses);
            _missCounter.Add(1, tag);
            return false;
        }

        Interlocked.Increment(ref _hits);
        _hitCounter.Add(1, tag);
        return true;
    }

    /// <summary>
    /// Stores a copy of <paramref name="vector"/> as most recently used, evicting least recently used
    /// entries to stay within the bound. An entry larger than the whole bound is not stored.
    /// </summary>
    public void Set(string model, string text, ReadOnlySpan<float> vector)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(text);
        var bytes = EntryBytes(model, text, vector.Length);
        if (bytes > CapacityBytes)
        {
            return;
        }

        var entry = new Entry(new CacheKey(model, text), vector.ToArray(), bytes);
        var evicted = 0;
        lock (_gate)
        {
            var size = _sizeBytes;
            if (_entries.Remove(entry.Key, out var existing))
            {
                _recency.Remove(existing);
                size -= existing.Value.Bytes;
            }

            while (size + bytes > CapacityBytes)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
                size -= oldest.Value.Bytes;
                evicted++;
            }

            _entries[entry.Key] = _recency.AddFirst(entry);
            // Published once, after eviction, so readers never see the bound exceeded.
            Interlocked.Exchange(ref _sizeBytes, size + bytes);
        }

        if (evicted > 0)
        {
            Interlocked.Add(ref _evictions, evicted);
            _evictionCounter.Add(evicted);
        }
    }

    /// <summary>Releases the cache's meter.</summary>
    public void Dispose() => _meter.Dispose();

    private readonly record struct CacheKey(string Model, string Text);

    private sealed record Entry(CacheKey Key, float[] Vector, long Bytes);
}
