using System.Numerics.Tensors;

namespace Recommender.CandidateRetrieval.Index;

/// <summary>
/// The layered graph and its algorithms (insert, layer search, repair after deletions).
///
/// Concurrency: searches take no locks. Upper-layer lists are immutable arrays published with one
/// reference write; bottom-layer lists are rewritten in place, entries before count, so a search may
/// see a slightly stale list but only ever valid slot ids (<see cref="NodeStore"/>). Writers that change
/// a node's list hold that node's striped lock, so parallel inserts (one batch spread over the build
/// threads) and compaction's repair never lose each other's updates; a thread never holds two node
/// locks at once, so there is no lock ordering to get wrong. A new node is linked bottom-up after all
/// its searches, so it is reachable on a layer only once its own list on that layer is in place.
/// </summary>
internal sealed class HnswGraph
{
    private const int MaxLevel = 30;
    private const long EmptyEntry = -1;

    private readonly Lock[] _nodeLocks = CreateLocks(1024);
    private readonly Lock _entryLock = new();
    private readonly double _levelMultiplier;
    private readonly ulong _seed;
    private long _entry = EmptyEntry; // (level << 32) | node, or -1
    private long _insertSequence;

    public HnswGraph(NodeStore store, int m, int efConstruction, int seed)
    {
        Store = store;
        M = m;
        MaxLinksLevel0 = 2 * m;
        EfConstruction = efConstruction;
        _levelMultiplier = 1.0 / Math.Log(m);
        _seed = (ulong)seed;
    }

    public NodeStore Store { get; }

    public int M { get; }

    public int MaxLinksLevel0 { get; }

    public int EfConstruction { get; }

    /// <summary>Entry node and top layer, or node -1 when the graph is empty.</summary>
    public (int Node, int Level) EntryPoint
    {
        get
        {
            long packed = Volatile.Read(ref _entry);
            return packed == EmptyEntry ? (-1, -1) : ((int)packed, (int)(packed >> 32));
        }
    }

    /// <summary>How many layers have been drawn so far (saved with snapshots so a loaded index continues the sequence).</summary>
    public long InsertSequence
    {
        get => Volatile.Read(ref _insertSequence);
        set => Volatile.Write(ref _insertSequence, value);
    }

    public int MaxLinks(int level) => level == 0 ? MaxLinksLevel0 : M;

    /// <summary>Draws a layer from the exponential distribution with mL = 1/ln(M), reproducibly from the seed
    /// and the insert sequence number.</summary>
    public int DrawLevel()
    {
        ulong bits = SplitMix64(_seed ^ (ulong)Interlocked.Increment(ref _insertSequence));
        double uniform = ((bits >> 11) + 1) * (1.0 / 9007199254740993.0); // in (0, 1]
        return Math.Min(MaxLevel, (int)(-Math.Log(uniform) * _levelMultiplier));
    }

    public void SetEntryPoint(int node, int level) =>
        Volatile.Write(ref _entry, node < 0 ? EmptyEntry : ((long)level << 32) | (uint)node);

    /// <summary>Links an initialised (Pending) slot into the graph.</summary>
    public void Insert(int id, SearchScratch scratch)
    {
        int level = Store.Level(id);
        var (entryNode, entryLevel) = EntryPoint;
        if (entryNode < 0)
        {
            lock (_entryLock)
            {
                (entryNode, entryLevel) = EntryPoint;
                if (entryNode < 0)
                {
                    SetEntryPoint(id, level);
                    return;
                }
            }
        }

        var query = Store.Vector(id);
        int current = entryNode;
        float currentScore = TensorPrimitives.Dot(query, Store.Vector(current));
        for (int l = entryLevel; l > level; l--)
        {
            (current, currentScore) = GreedyClosest(query, current, currentScore, l);
        }

        int top = Math.Min(level, entryLevel);
        var chosen = new int[top + 1][];
        for (int l = top; l >= 0; l--)
        {
            SearchLayer(query, current, currentScore, l, EfConstruction, default(AcceptAny), scratch, int.MaxValue);
            var results = scratch.Results;
            var buffer = scratch.SortedBuffer(results.Count);
            int candidateCount = 0;
            var best = results.Top;
            while (results.Count > 0)
            {
                var node = results.Pop();
                if (node.Score >= best.Score)
                {
                    best = node;
                }
                // New links never point at tombstones, so compaction can unlink them for good.
                if (node.Id != id && Store.State(node.Id) != NodeState.Deleted)
                {
                    buffer[candidateCount++] = node;
                }
            }
            var selected = scratch.SelectedBuffer(M);
            int count = NeighborSelection.Select(Store, buffer.AsSpan(0, candidateCount), M, selected);
            chosen[l] = NeighborSelection.ToIds(selected.AsSpan(0, count));
            current = best.Id;
            currentScore = best.Score;
        }

        for (int l = 0; l <= top; l++)
        {
            lock (NodeLock(id))
            {
                Store.SetNeighbors(id, l, chosen[l]);
            }
            foreach (int neighbor in chosen[l])
            {
                AddLink(neighbor, id, l, scratch);
            }
        }

        if (level > entryLevel)
        {
            lock (_entryLock)
            {
                if (level > EntryPoint.Level)
                {
                    SetEntryPoint(id, level);
                }
            }
        }
    }

    /// <summary>Greedy walk on one layer towards the query (the upper-layer search with ef = 1).</summary>
    public (int Node, float Score) GreedyClosest(ReadOnlySpan<float> query, int node, float score, int level)
    {
        bool improved = true;
        while (improved)
        {
            improved = false;
            foreach (int neighbor in Store.Neighbors(node, level))
            {
                float s = TensorPrimitives.Dot(query, Store.Vector(neighbor));
                if (s > score)
                {
                    score = s;
                    node = neighbor;
                    improved = true;
                }
            }
        }
        return (node, score);
    }

    /// <summary>
    /// Beam search on one layer (Algorithm 2). Every reachable node is used for navigation; only nodes
    /// the filter accepts enter <see cref="SearchScratch.Results"/> (at most <paramref name="ef"/>, worst on
    /// top). While fewer than ef are accepted the beam keeps widening, as in hnswlib's filtered search;
    /// <paramref name="visitBudget"/> bounds that. Returns false when the budget ran out.
    /// </summary>
    public bool SearchLayer<TAccept>(ReadOnlySpan<float> query, int entry, float entryScore, int level, int ef,
        TAccept accept, SearchScratch scratch, int visitBudget)
        where TAccept : struct, IAcceptFilter
    {
        var visited = scratch.Visited;
        var candidates = scratch.Candidates;
        var results = scratch.Results;
        visited.Reset(Store.SlotCount);
        candidates.Clear();
        results.Clear();

        visited.TryVisit(entry);
        candidates.Push(entryScore, entry);
        if (accept.Accept(entry))
        {
            results.Push(entryScore, entry);
        }
        int visits = 1;
        while (candidates.Count > 0)
        {
            var candidate = candidates.Pop();
            if (results.Count >= ef && candidate.Score < results.TopScore)
            {
                break;
            }
            // Two passes: mark and prefetch every unvisited neighbour, then score them, so their
            // vectors arrive from memory in parallel.
            var neighbors = Store.Neighbors(candidate.Id, level);
            var unvisited = scratch.UnvisitedBuffer(neighbors.Length);
            int pending = 0;
            foreach (int neighbor in neighbors)
            {
                if (visited.TryVisit(neighbor))
                {
                    Store.Prefetch(neighbor);
                    unvisited[pending++] = neighbor;
                }
            }
            visits += pending;
            for (int i = 0; i < pending; i++)
            {
                int neighbor = unvisited[i];
                float score = TensorPrimitives.Dot(query, Store.Vector(neighbor));
                if (results.Count < ef || score > results.TopScore)
                {
                    candidates.Push(score, neighbor);
                    if (accept.Accept(neighbor))
                    {
                        if (results.Count < ef)
                        {
                            results.Push(score, neighbor);
                        }
                        else
                        {
                            results.ReplaceTop(score, neighbor);
                        }
                    }
                }
            }
            if (visits > visitBudget)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Adds <paramref name="newId"/> to <paramref name="node"/>'s list on a layer, re-selecting with the
    /// heuristic when the list is full.</summary>
    private void AddLink(int node, int newId, int level, SearchScratch scratch)
    {
        int max = MaxLinks(level);
        lock (NodeLock(node))
        {
            var current = Store.Neighbors(node, level);
            if (current.Contains(newId))
            {
                return;
            }
            if (current.Length < max)
            {
                Store.AppendNeighbor(node, level, newId);
                return;
            }
            // The neighbour's own neighbours are rarely in cache: start loading them all first.
            foreach (int neighbor in current)
            {
                Store.Prefetch(neighbor);
            }
            var baseVector = Store.Vector(node);
            var buffer = scratch.SortedBuffer(current.Length + 1);
            for (int i = 0; i < current.Length; i++)
            {
                buffer[i] = new ScoredNode(TensorPrimitives.Dot(baseVector, Store.Vector(current[i])), current[i]);
            }
            buffer[current.Length] = new ScoredNode(TensorPrimitives.Dot(baseVector, Store.Vector(newId)), newId);
            var selected = scratch.SelectedBuffer(max);
            int count = NeighborSelection.Select(Store, buffer.AsSpan(0, current.Length + 1), max, selected);
            Store.SetNeighbors(node, level, NeighborSelection.CopyIds(selected.AsSpan(0, count), scratch.IdBuffer(count)));
        }
    }

    /// <summary>
    /// Removes every link from <paramref name="node"/> to a slot in <paramref name="removed"/>, on every layer,
    /// replacing them with the best of the node's remaining neighbours and the removed neighbours' own
    /// neighbours (the repair used by DiskANN's delete consolidation). Returns whether anything changed.
    /// </summary>
    public bool Repair(int node, bool[] removed, SearchScratch scratch)
    {
        bool changed = false;
        var state = Store.State(node);
        if (state is not (NodeState.Live or NodeState.Deleted) || IsRemoved(node, removed))
        {
            return false;
        }
        int level = Store.Level(node);
        for (int l = 0; l <= level; l++)
        {
            lock (NodeLock(node))
            {
                var current = Store.Neighbors(node, l);
                if (!ContainsRemoved(current, removed))
                {
                    continue;
                }
                var baseVector = Store.Vector(node);
                var visited = scratch.Visited;
                visited.Reset(Store.SlotCount);
                visited.TryVisit(node);
                int count = 0;
                // Each removed neighbour contributes at most its own list (MaxLinks entries).
                var buffer = scratch.SortedBuffer(current.Length * (MaxLinks(l) + 1));
                foreach (int neighbor in current)
                {
                    if (!IsRemoved(neighbor, removed))
                    {
                        if (visited.TryVisit(neighbor))
                        {
                            buffer[count++] = new ScoredNode(TensorPrimitives.Dot(baseVector, Store.Vector(neighbor)), neighbor);
                        }
                        continue;
                    }
                    foreach (int second in Store.Neighbors(neighbor, l))
                    {
                        if (!IsRemoved(second, removed) && visited.TryVisit(second))
                        {
                            buffer[count++] = new ScoredNode(TensorPrimitives.Dot(baseVector, Store.Vector(second)), second);
                        }
                    }
                }
                var selected = scratch.SelectedBuffer(MaxLinks(l));
                int kept = NeighborSelection.Select(Store, buffer.AsSpan(0, count), MaxLinks(l), selected);
                Store.SetNeighbors(node, l, NeighborSelection.CopyIds(selected.AsSpan(0, kept), scratch.IdBuffer(kept)));
                changed = true;
            }
        }
        return changed;
    }

    /// <summary>If the entry point is being removed, moves it to the remaining node with the highest layer.</summary>
    public void ReplaceEntryPointIfRemoved(bool[] removed)
    {
        lock (_entryLock)
        {
            var (node, _) = EntryPoint;
            if (node < 0 || !IsRemoved(node, removed))
            {
                return;
            }
            int bestNode = -1;
            int bestLevel = -1;
            int slots = Store.SlotCount;
            for (int id = 0; id < slots; id++)
            {
                var state = Store.State(id);
                if ((state is NodeState.Live or NodeState.Deleted) && !IsRemoved(id, removed) && Store.Level(id) > bestLevel)
                {
                    bestNode = id;
                    bestLevel = Store.Level(id);
                }
            }
            SetEntryPoint(bestNode, bestLevel);
        }
    }

    private static bool ContainsRemoved(ReadOnlySpan<int> neighbors, bool[] removed)
    {
        foreach (int neighbor in neighbors)
        {
            if (IsRemoved(neighbor, removed))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsRemoved(int id, bool[] removed) => (uint)id < (uint)removed.Length && removed[id];

    private Lock NodeLock(int id) => _nodeLocks[id & (_nodeLocks.Length - 1)];

    private static Lock[] CreateLocks(int count)
    {
        var locks = new Lock[count];
        for (int i = 0; i < count; i++)
        {
            locks[i] = new Lock();
        }
        return locks;
    }

    private static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
