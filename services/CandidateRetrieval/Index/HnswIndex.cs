using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Recommender.CandidateRetrieval.Index;

/// <summary>
/// Approximate nearest-neighbour index over L2-normalised vectors (HNSW, Malkov and Yashunin), scored by
/// cosine similarity. Items have string ids; the index maps them to internal slot ids, which filters
/// and metadata stores use.
///
/// Threading: any number of searches run at once without locks, also while one writer upserts,
/// deletes or compacts. Writes are serialised by a write gate, and a write batch is inserted by
/// <see cref="HnswOptions.BuildThreads"/> threads in parallel (per-node locks, see <see cref="HnswGraph"/>).
/// Deletes are tombstones: the slot stays in the graph for navigation and is never returned. When
/// tombstones pass <see cref="HnswOptions.CompactionTombstoneFraction"/>, compaction repairs the links
/// around them (in parallel with searches and writes), waits for searches that started earlier to
/// finish, and frees the slots for reuse. Searches are never blocked.
///
/// Upserting an id with a different vector tombstones its old slot and inserts a new one (so a search
/// never reads a vector while it is overwritten): the internal id changes, and for the moment of the
/// write the item is absent from results rather than present twice. Upserting the same vector again
/// keeps the slot.
/// </summary>
public sealed class HnswIndex
{
    // Unit vectors closer than this count as unchanged (rounding of the same input scaled differently).
    private const float SameVectorTolerance = 1e-6f;

    private readonly NodeStore _store;
    private readonly HnswGraph _graph;
    private readonly ScratchPool _pool;
    private readonly ReadGuard _guard = new();
    private readonly ConcurrentDictionary<string, int> _slotsById = new(StringComparer.Ordinal);
    private readonly Lock _writeGate = new();
    private readonly Lock _compactionLock = new();
    private readonly ILogger _logger;
    private readonly HnswOptions _options;
    private int _liveCount;
    private int _tombstones;
    private int _pending; // slots being linked by the current batch: reachable, but not results
    private int _compactionScheduled;
    private Task _backgroundCompaction = Task.CompletedTask;

    /// <summary>Creates an empty index. Throws <see cref="ArgumentOutOfRangeException"/> for invalid options.</summary>
    public HnswIndex(HnswOptions options, ILogger<HnswIndex>? logger = null)
        : this(Copy(options), logger, store: null)
    {
    }

    private HnswIndex(HnswOptions options, ILogger? logger, NodeStore? store)
    {
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _store = store ?? new NodeStore(options.Dimension, 2 * options.M, options.MaxItems);
        _graph = new HnswGraph(_store, options.M, options.EfConstruction, options.Seed);
        _pool = new ScratchPool(options.Dimension);
    }

    /// <summary>Vector dimension every item and query must have.</summary>
    public int Dimension => _options.Dimension;

    /// <summary>Live (searchable) items.</summary>
    public int Count => Volatile.Read(ref _liveCount);

    /// <summary>A copy of the options the index runs with.</summary>
    public HnswOptions Options => Copy(_options);

    /// <summary>
    /// Inserts or replaces a batch of items. The whole batch is validated first; if anything is wrong an
    /// <see cref="IndexArgumentException"/> names the field and nothing is applied. Returns each item's
    /// internal id, in batch order.
    /// </summary>
    public IReadOnlyList<int> Upsert(IReadOnlyList<IndexItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        CheckBatchSize(items.Count, "items");
        int dimension = Dimension;
        var unitVectors = new float[items.Count * dimension];
        var positions = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        for (int i = 0; i < items.Count; i++)
        {
            string field = $"items[{i}].id";
            CheckId(items[i].Id, field);
            if (!positions.TryAdd(items[i].Id, i))
            {
                throw new IndexArgumentException(field,
                    $"{field} '{items[i].Id}' repeats items[{positions[items[i].Id]}].id; ids in one batch must be unique.", "unique");
            }
            VectorValidator.NormalizeInto(items[i].Vector.Span, unitVectors.AsSpan(i * dimension, dimension), dimension, $"items[{i}].vector");
        }

        var internalIds = new int[items.Count];
        lock (_writeGate)
        {
            var toInsert = new List<int>();
            var replaced = new List<int>();
            for (int i = 0; i < items.Count; i++)
            {
                var unit = unitVectors.AsSpan(i * dimension, dimension);
                if (_slotsById.TryGetValue(items[i].Id, out int existing))
                {
                    if (System.Numerics.Tensors.TensorPrimitives.Distance(_store.Vector(existing), unit) <= SameVectorTolerance)
                    {
                        internalIds[i] = existing;
                        continue;
                    }
                    replaced.Add(existing);
                }
                toInsert.Add(i);
            }
            if (toInsert.Count > _store.AvailableSlots)
            {
                throw new IndexCapacityException(
                    $"The batch needs {toInsert.Count} new slots but the index has room for {_store.AvailableSlots} " +
                    $"(MaxItems {_options.MaxItems}, {Volatile.Read(ref _tombstones)} tombstones awaiting compaction).");
            }

            // Tombstone replaced slots before inserting their successors: for the moment of the write the
            // item is missing from results rather than there twice.
            foreach (int old in replaced)
            {
                _store.SetState(old, NodeState.Deleted);
            }
            Interlocked.Add(ref _liveCount, -replaced.Count);
            Interlocked.Add(ref _tombstones, replaced.Count);

            var slots = new int[toInsert.Count];
            Interlocked.Add(ref _pending, slots.Length);
            for (int j = 0; j < slots.Length; j++)
            {
                int i = toInsert[j];
                slots[j] = _store.Allocate();
                _store.Initialize(slots[j], items[i].Id, _graph.DrawLevel(), unitVectors.AsSpan(i * dimension, dimension));
            }
            RunParallel(slots.Length, (j, scratch) => _graph.Insert(slots[j], scratch));
            for (int j = 0; j < slots.Length; j++)
            {
                int i = toInsert[j];
                _store.SetState(slots[j], NodeState.Live);
                _slotsById[items[i].Id] = slots[j];
                internalIds[i] = slots[j];
            }
            Interlocked.Add(ref _liveCount, slots.Length);
            Interlocked.Add(ref _pending, -slots.Length);
        }
        MaybeStartCompaction();
        return internalIds;
    }

    /// <summary>
    /// Deletes items by id (ids that are not present are ignored). The batch is validated first; a bad id
    /// throws <see cref="IndexArgumentException"/> and nothing is deleted. Returns how many were deleted.
    /// </summary>
    public int Delete(IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        CheckBatchSize(ids.Count, "ids");
        var positions = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++)
        {
            string field = $"ids[{i}]";
            CheckId(ids[i], field);
            if (!positions.TryAdd(ids[i], i))
            {
                throw new IndexArgumentException(field,
                    $"{field} '{ids[i]}' repeats ids[{positions[ids[i]]}]; ids in one batch must be unique.", "unique");
            }
        }

        int deleted = 0;
        lock (_writeGate)
        {
            foreach (string id in ids)
            {
                if (_slotsById.TryRemove(id, out int slot))
                {
                    _store.SetState(slot, NodeState.Deleted);
                    deleted++;
                }
            }
            Interlocked.Add(ref _liveCount, -deleted);
            Interlocked.Add(ref _tombstones, deleted);
        }
        MaybeStartCompaction();
        return deleted;
    }

    /// <summary>Whether the item is in the index (live).</summary>
    public bool Contains(string id) => _slotsById.ContainsKey(id);

    /// <summary>The live item's internal id.</summary>
    public bool TryGetInternalId(string id, out int internalId) => _slotsById.TryGetValue(id, out internalId);

    /// <summary>The item id of a live internal id, or null when the slot holds no live item.</summary>
    public string? GetItemId(int internalId)
    {
        var epoch = _guard.Enter();
        try
        {
            return (uint)internalId < (uint)_store.SlotCount && _store.State(internalId) == NodeState.Live
                ? _store.ItemId(internalId)
                : null;
        }
        finally
        {
            ReadGuard.Exit(epoch);
        }
    }

    /// <summary>A copy of a live item's stored (unit-length) vector, or null when the id is not in the index.</summary>
    public float[]? GetVector(string id)
    {
        var epoch = _guard.Enter();
        try
        {
            return _slotsById.TryGetValue(id, out int slot) ? _store.Vector(slot).ToArray() : null;
        }
        finally
        {
            ReadGuard.Exit(epoch);
        }
    }

    /// <summary>The k most similar live items, best first (fewer when fewer match).</summary>
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k, SearchParameters parameters = default)
    {
        CheckK(k);
        var hits = new SearchHit[k];
        int count = Search(query, k, hits, parameters);
        return count == k ? hits : hits[..count];
    }

    /// <summary>
    /// Allocation-free search: writes up to k hits, best first, to <paramref name="destination"/> (which must
    /// hold k) and returns how many. Below <see cref="HnswOptions.ExactSearchThreshold"/> live items, or with
    /// <see cref="SearchParameters.Exact"/>, every item is scanned. A filtered or tombstone-heavy search that
    /// cannot find k results in the graph within its visit budget falls back to an exact scan, so it returns
    /// k results whenever k items match.
    /// </summary>
    public int Search(ReadOnlySpan<float> query, int k, Span<SearchHit> destination, SearchParameters parameters = default)
    {
        CheckK(k);
        int ef = parameters.EfSearch ?? _options.EfSearch;
        if (ef < 1 || ef > _options.MaxEfSearch)
        {
            throw new IndexArgumentException("efSearch",
                $"efSearch is {ef}; it must be between 1 and {_options.MaxEfSearch} (HnswOptions.MaxEfSearch).", _options.MaxEfSearch.ToString());
        }
        if (destination.Length < k)
        {
            throw new ArgumentException($"The destination holds {destination.Length} hits but k is {k}.", nameof(destination));
        }

        var scratch = _pool.Rent();
        try
        {
            VectorValidator.NormalizeInto(query, scratch.Query, Dimension, "query");
            var epoch = _guard.Enter();
            try
            {
                if (parameters.Filter is not null)
                {
                    FindNearest(scratch, k, Math.Max(ef, k), new AcceptLiveFiltered(_store, parameters.Filter),
                        new AcceptPredicate(parameters.Filter), parameters.Exact, filtered: true);
                }
                else if (Volatile.Read(ref _tombstones) + Volatile.Read(ref _pending) == 0)
                {
                    // Every node reachable in the graph is live: skip the per-node state check.
                    FindNearest(scratch, k, Math.Max(ef, k), default(AcceptAny), default(AcceptAny), parameters.Exact, filtered: false);
                }
                else
                {
                    FindNearest(scratch, k, Math.Max(ef, k), new AcceptLive(_store), default(AcceptAny), parameters.Exact, filtered: false);
                }
                return DrainResults(scratch, k, destination);
            }
            finally
            {
                ReadGuard.Exit(epoch);
            }
        }
        finally
        {
            _pool.Return(scratch);
        }
    }

    /// <summary>
    /// Frees tombstoned slots: repairs the links around them, then (after every search that might still
    /// reach them has finished) returns them to the free list. Runs alongside searches and writes; only
    /// the final step (moving the entry point, waiting for in-flight searches) holds the write gate.
    /// Returns how many slots were freed.
    /// </summary>
    public int Compact()
    {
        lock (_compactionLock)
        {
            bool[] removed;
            var removedIds = new List<int>();
            lock (_writeGate)
            {
                // Taking the gate waits for any batch in flight; every later insert sees these tombstones
                // and never links to them, so after the repair nothing points at them.
                int slots = _store.SlotCount;
                removed = new bool[slots];
                for (int id = 0; id < slots; id++)
                {
                    if (_store.State(id) == NodeState.Deleted)
                    {
                        removed[id] = true;
                        removedIds.Add(id);
                    }
                }
            }
            if (removedIds.Count == 0)
            {
                return 0;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            RunParallel(removed.Length, (id, scratch) => _graph.Repair(id, removed, scratch));
            lock (_writeGate)
            {
                _graph.ReplaceEntryPointIfRemoved(removed);
                _guard.WaitForEarlierReaders();
                foreach (int id in removedIds)
                {
                    _store.Free(id);
                }
                Interlocked.Add(ref _tombstones, -removedIds.Count);
            }
            _logger.LogInformation("HNSW compaction freed {Freed} tombstoned slots in {Elapsed} ms ({Live} live items).",
                removedIds.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, Count);
            return removedIds.Count;
        }
    }

    /// <summary>Completes when the background compaction started by the last write (if any) has finished.</summary>
    public Task WaitForBackgroundCompactionAsync() => Volatile.Read(ref _backgroundCompaction);

    /// <summary>Sizes of the index at this moment.</summary>
    public IndexStatistics GetStatistics()
    {
        const int dictionaryEntryBytes = 48;
        var (_, level) = _graph.EntryPoint;
        var epoch = _guard.Enter();
        try
        {
            return new IndexStatistics(Count, Volatile.Read(ref _tombstones), _store.FreeSlotCount, _store.SlotCount, level,
                _store.EstimateBytes() + ((long)dictionaryEntryBytes * Count));
        }
        finally
        {
            ReadGuard.Exit(epoch);
        }
    }

    /// <summary>
    /// Writes the whole index (options that shape the graph, every slot, links, tombstones) to a stream
    /// with a version header and a SHA-256 checksum. Searches continue meanwhile; writes wait.
    /// </summary>
    public void Save(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        lock (_compactionLock)
        {
            lock (_writeGate)
            {
                HnswSnapshot.Write(destination, _store, _graph, _options);
            }
        }
    }

    /// <summary>
    /// Reads an index written by <see cref="Save"/>. The snapshot's dimension and M must equal
    /// <paramref name="options"/>'; the other options (efSearch, limits) come from <paramref name="options"/>.
    /// Throws <see cref="IndexSnapshotException"/> when the stream is not a snapshot, is truncated, is
    /// corrupt, or does not match the options.
    /// </summary>
    public static HnswIndex Load(Stream source, HnswOptions options, ILogger<HnswIndex>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var copy = Copy(options);
        copy.Validate();
        var loaded = HnswSnapshot.Read(source, copy);
        var index = new HnswIndex(copy, logger, loaded.Store);
        index._graph.SetEntryPoint(loaded.EntryNode, loaded.EntryLevel);
        index._graph.InsertSequence = loaded.InsertSequence;
        int live = 0;
        int tombstones = 0;
        for (int id = 0; id < loaded.Store.SlotCount; id++)
        {
            switch (loaded.Store.State(id))
            {
                case NodeState.Live:
                    if (!index._slotsById.TryAdd(loaded.Store.ItemId(id)!, id))
                    {
                        throw new IndexSnapshotException($"The index snapshot is corrupt: item id '{loaded.Store.ItemId(id)}' is stored twice.");
                    }
                    live++;
                    break;
                case NodeState.Deleted:
                    tombstones++;
                    break;
            }
        }
        index._liveCount = live;
        index._tombstones = tombstones;
        return index;
    }

    /// <summary>Graph search with <paramref name="graphAccept"/>, or an exact scan of the live slots that
    /// <paramref name="exactAccept"/> accepts when asked, when the index is small, or when the graph search came up short.</summary>
    private void FindNearest<TGraphAccept, TExactAccept>(SearchScratch scratch, int k, int ef, TGraphAccept graphAccept,
        TExactAccept exactAccept, bool exact, bool filtered)
        where TGraphAccept : struct, IAcceptFilter
        where TExactAccept : struct, IAcceptFilter
    {
        int live = Count;
        var (entry, entryLevel) = _graph.EntryPoint;
        if (!exact && live > _options.ExactSearchThreshold && entry >= 0)
        {
            ReadOnlySpan<float> query = scratch.Query;
            int node = entry;
            float score = System.Numerics.Tensors.TensorPrimitives.Dot(query, _store.Vector(node));
            for (int level = entryLevel; level > 0; level--)
            {
                (node, score) = _graph.GreedyClosest(query, node, score, level);
            }
            int budget = filtered
                ? Math.Max(ef * 4, (int)(_options.FilterFallbackVisitFraction * _store.SlotCount))
                : int.MaxValue;
            bool completed = _graph.SearchLayer(query, node, score, 0, ef, graphAccept, scratch, budget);
            if (completed && scratch.Results.Count >= Math.Min(k, filtered ? k : live))
            {
                return;
            }
        }
        ExactSearch.Run(_store, scratch.Query, k, exactAccept, scratch.Results);
    }

    /// <summary>
    /// Writes the best k results to <paramref name="destination"/>, best first, keeping a slot only if the
    /// item id still maps to it. Writes race with searches, so a result may hold a slot that was replaced or
    /// deleted (or not yet published) after the search looked at it; this check means a caller never sees
    /// an item twice or a stale version of it.
    /// </summary>
    private int DrainResults(SearchScratch scratch, int k, Span<SearchHit> destination)
    {
        var results = scratch.Results;
        int total = results.Count;
        var ascending = scratch.SortedBuffer(total);
        for (int i = 0; i < total; i++)
        {
            ascending[i] = results.Pop();
        }
        int count = 0;
        for (int i = total - 1; i >= 0 && count < k; i--)
        {
            int slot = ascending[i].Id;
            string? itemId = _store.ItemId(slot);
            if (itemId is not null && _slotsById.TryGetValue(itemId, out int current) && current == slot)
            {
                destination[count++] = new SearchHit(slot, itemId, ascending[i].Score);
            }
        }
        return count;
    }

    private void RunParallel(int count, Action<int, SearchScratch> body)
    {
        int threads = Math.Min(_options.BuildThreads, count);
        if (threads <= 1)
        {
            var scratch = _pool.Rent();
            for (int i = 0; i < count; i++)
            {
                body(i, scratch);
            }
            _pool.Return(scratch);
            return;
        }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads },
            _pool.Rent,
            (i, _, scratch) =>
            {
                body(i, scratch);
                return scratch;
            },
            _pool.Return);
    }

    private void MaybeStartCompaction()
    {
        if (!_options.AutoCompact)
        {
            return;
        }
        int tombstones = Volatile.Read(ref _tombstones);
        if (tombstones == 0 || tombstones <= _options.CompactionTombstoneFraction * (tombstones + Count))
        {
            return;
        }
        if (Interlocked.CompareExchange(ref _compactionScheduled, 1, 0) != 0)
        {
            return;
        }
        Volatile.Write(ref _backgroundCompaction, Task.Run(() =>
        {
            try
            {
                Compact();
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Background HNSW compaction failed; tombstones stay until the next attempt.");
            }
            finally
            {
                Volatile.Write(ref _compactionScheduled, 0);
            }
        }));
    }

    private void CheckBatchSize(int count, string field)
    {
        if (count > _options.MaxBatchSize)
        {
            throw new IndexArgumentException(field,
                $"{field} has {count} entries; one batch may hold at most {_options.MaxBatchSize} (HnswOptions.MaxBatchSize).",
                _options.MaxBatchSize.ToString());
        }
    }

    private void CheckId(string? id, string field)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new IndexArgumentException(field, $"{field} is empty; every item needs a non-empty id.", "non-empty");
        }
        if (id.Length > _options.MaxIdLength)
        {
            throw new IndexArgumentException(field,
                $"{field} is {id.Length} characters long; the limit is {_options.MaxIdLength} (HnswOptions.MaxIdLength).",
                _options.MaxIdLength.ToString());
        }
    }

    private void CheckK(int k)
    {
        if (k < 1 || k > _options.MaxK)
        {
            throw new IndexArgumentException("k", $"k is {k}; it must be between 1 and {_options.MaxK} (HnswOptions.MaxK).", _options.MaxK.ToString());
        }
    }

    private static HnswOptions Copy(HnswOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new HnswOptions
        {
            Dimension = options.Dimension,
            M = options.M,
            EfConstruction = options.EfConstruction,
            EfSearch = options.EfSearch,
            MaxEfSearch = options.MaxEfSearch,
            MaxK = options.MaxK,
            MaxItems = options.MaxItems,
            MaxBatchSize = options.MaxBatchSize,
            MaxIdLength = options.MaxIdLength,
            ExactSearchThreshold = options.ExactSearchThreshold,
            CompactionTombstoneFraction = options.CompactionTombstoneFraction,
            AutoCompact = options.AutoCompact,
            BuildThreads = options.BuildThreads,
            FilterFallbackVisitFraction = options.FilterFallbackVisitFraction,
            Seed = options.Seed,
        };
    }
}
