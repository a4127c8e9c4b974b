using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Recommender.CandidateRetrieval.Index;

/// <summary>
/// Slot storage, laid out for cache locality: per chunk of 4096 slots one contiguous float array of unit
/// vectors (an exact scan streams through it like a plain array) and one int array of bottom-layer link
/// lists (per slot a count and up to 2·M slot ids), both indexed directly with no per-node objects.
/// Scoring a node prefetches its vector and its links together, so the list is in cache when the search
/// expands the node. Chunks never move, and memory grows chunk by chunk without copying. Upper-layer
/// lists (few nodes have them) are immutable int arrays published by reference. Layer, state and item
/// id sit in side arrays.
///
/// Concurrency: writers change a node's lists only under that node's lock (see <see cref="HnswGraph"/>).
/// Bottom-layer lists are rewritten in place: entries first, then the count with a release write, so a
/// lock-free reader sees a count and entries that are each either old or new. Every id ever written is
/// a fully initialised slot, so a torn read yields valid (if slightly stale) neighbours, never garbage;
/// freed slots are only reused after compaction's grace period (<see cref="ReadGuard"/>).
/// Only the single writer (holding the index's write gate) allocates and frees slots.
/// </summary>
internal sealed class NodeStore
{
    public const int ChunkShift = 12;
    public const int ChunkSize = 1 << ChunkShift;
    public const int ChunkMask = ChunkSize - 1;

    private readonly Chunk?[] _chunks;
    private readonly Stack<int> _freeSlots = new();
    private int _slotCount;

    public NodeStore(int dimension, int maxLinksLevel0, int maxItems)
    {
        Dimension = dimension;
        MaxLinksLevel0 = maxLinksLevel0;
        LinkStride = 1 + maxLinksLevel0;
        MaxItems = maxItems;
        _chunks = new Chunk?[(maxItems + ChunkSize - 1) / ChunkSize];
    }

    public int Dimension { get; }

    public int MaxLinksLevel0 { get; }

    /// <summary>Ints per slot in a chunk's link array: the count, then the link slots.</summary>
    public int LinkStride { get; }

    public int MaxItems { get; }

    /// <summary>Slots ever allocated; every id below it has a chunk.</summary>
    public int SlotCount => Volatile.Read(ref _slotCount);

    public int FreeSlotCount => _freeSlots.Count;

    /// <summary>Slots that <see cref="Allocate"/> can still hand out.</summary>
    public int AvailableSlots => _freeSlots.Count + (MaxItems - _slotCount);

    public Chunk GetChunk(int chunkIndex) => _chunks[chunkIndex]!;

    public ReadOnlySpan<float> Vector(int id) =>
        new(_chunks[id >> ChunkShift]!.Vectors, (id & ChunkMask) * Dimension, Dimension);

    /// <summary>
    /// Asks the CPU to start loading a slot's vector and bottom-layer links into cache. A graph search
    /// scores neighbours in random memory order, so it is bound by memory latency; issuing the loads for
    /// a whole neighbour list before scoring any of them lets them overlap. A prefetch never faults, so
    /// the unpinned address is harmless even if the GC moved the (large, normally unmoved) chunk meanwhile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(int id)
    {
        if (Sse.IsSupported)
        {
            var chunk = _chunks[id >> ChunkShift]!;
            int local = id & ChunkMask;
            byte* vector = (byte*)Unsafe.AsPointer(ref chunk.Vectors[local * Dimension]);
            int bytes = Dimension * sizeof(float);
            for (int offset = 0; offset < bytes; offset += 64)
            {
                Sse.Prefetch0(vector + offset);
            }
            byte* links = (byte*)Unsafe.AsPointer(ref chunk.Links[local * LinkStride]);
            bytes = LinkStride * sizeof(int);
            for (int offset = 0; offset < bytes; offset += 64)
            {
                Sse.Prefetch0(links + offset);
            }
        }
    }

    public NodeState State(int id) => (NodeState)Volatile.Read(ref _chunks[id >> ChunkShift]!.States[id & ChunkMask]);

    public void SetState(int id, NodeState state) =>
        Volatile.Write(ref _chunks[id >> ChunkShift]!.States[id & ChunkMask], (byte)state);

    public int Level(int id) => _chunks[id >> ChunkShift]!.Levels[id & ChunkMask];

    public string? ItemId(int id) => Volatile.Read(ref _chunks[id >> ChunkShift]!.Ids[id & ChunkMask]);

    /// <summary>A node's links on a layer. For layer 0 this is a view of live memory (see the class remarks).</summary>
    public ReadOnlySpan<int> Neighbors(int id, int level)
    {
        var chunk = _chunks[id >> ChunkShift]!;
        int local = id & ChunkMask;
        if (level > 0)
        {
            return Volatile.Read(ref chunk.Upper[local]![level - 1]);
        }
        int offset = local * LinkStride;
        int count = Volatile.Read(ref chunk.Links[offset]);
        return new ReadOnlySpan<int>(chunk.Links, offset + 1, count);
    }

    /// <summary>Replaces a node's links on a layer (caller holds the node's lock).</summary>
    public void SetNeighbors(int id, int level, ReadOnlySpan<int> neighbors)
    {
        var chunk = _chunks[id >> ChunkShift]!;
        int local = id & ChunkMask;
        if (level > 0)
        {
            Volatile.Write(ref chunk.Upper[local]![level - 1], neighbors.ToArray());
            return;
        }
        if (neighbors.Length > MaxLinksLevel0)
        {
            throw new InvalidOperationException($"A bottom-layer list holds at most {MaxLinksLevel0} links, not {neighbors.Length}.");
        }
        int offset = local * LinkStride;
        neighbors.CopyTo(chunk.Links.AsSpan(offset + 1, MaxLinksLevel0));
        Volatile.Write(ref chunk.Links[offset], neighbors.Length);
    }

    /// <summary>Adds one link to a list that has room (caller holds the node's lock).</summary>
    public void AppendNeighbor(int id, int level, int neighbor)
    {
        if (level > 0)
        {
            var current = Neighbors(id, level);
            var grown = new int[current.Length + 1];
            current.CopyTo(grown);
            grown[^1] = neighbor;
            SetNeighbors(id, level, grown);
            return;
        }
        var chunk = _chunks[id >> ChunkShift]!;
        int offset = (id & ChunkMask) * LinkStride;
        int n = chunk.Links[offset];
        if (n >= MaxLinksLevel0)
        {
            throw new InvalidOperationException($"The bottom-layer list of slot {id} is full.");
        }
        chunk.Links[offset + 1 + n] = neighbor;
        Volatile.Write(ref chunk.Links[offset], n + 1);
    }

    /// <summary>Takes a free slot (or a new one) for an item; the caller checked <see cref="AvailableSlots"/>.</summary>
    public int Allocate()
    {
        if (_freeSlots.Count > 0)
        {
            return _freeSlots.Pop();
        }
        int id = _slotCount;
        _chunks[id >> ChunkShift] ??= new Chunk(Dimension, LinkStride);
        Volatile.Write(ref _slotCount, id + 1);
        return id;
    }

    /// <summary>Writes a slot's vector, layer and id and leaves it Pending with empty link lists.
    /// Everything is written before the slot becomes reachable from the graph.</summary>
    public void Initialize(int id, string itemId, int level, ReadOnlySpan<float> unitVector)
    {
        var chunk = _chunks[id >> ChunkShift]!;
        int local = id & ChunkMask;
        unitVector.CopyTo(chunk.Vectors.AsSpan(local * Dimension, Dimension));
        Volatile.Write(ref chunk.Links[local * LinkStride], 0);
        chunk.Levels[local] = (byte)level;
        int[][]? upper = null;
        if (level > 0)
        {
            upper = new int[level][];
            Array.Fill(upper, Array.Empty<int>());
        }
        Volatile.Write(ref chunk.Upper[local], upper);
        Volatile.Write(ref chunk.Ids[local], itemId);
        SetState(id, NodeState.Pending);
    }

    /// <summary>Returns a slot to the free list. Only after no search can reach it any more.</summary>
    public void Free(int id)
    {
        var chunk = _chunks[id >> ChunkShift]!;
        int local = id & ChunkMask;
        SetState(id, NodeState.Free);
        Volatile.Write(ref chunk.Links[local * LinkStride], 0);
        Volatile.Write(ref chunk.Upper[local], null);
        Volatile.Write(ref chunk.Ids[local], null);
        chunk.Levels[local] = 0;
        _freeSlots.Push(id);
    }

    /// <summary>Used when loading a snapshot: makes sure the chunk holding <paramref name="id"/> exists. Chunks are
    /// created as slot records arrive, so a corrupt slot count cannot make loading allocate wildly.</summary>
    public void EnsureChunkForLoad(int id) => _chunks[id >> ChunkShift] ??= new Chunk(Dimension, LinkStride);

    /// <summary>Used when loading a snapshot, after every slot was read: publishes the slot count and puts every
    /// Free slot on the free list, lowest id on top.</summary>
    public void CompleteLoad(int slotCount)
    {
        _slotCount = slotCount;
        _freeSlots.Clear();
        for (int id = slotCount - 1; id >= 0; id--)
        {
            if (State(id) == NodeState.Free)
            {
                _freeSlots.Push(id);
            }
        }
    }

    /// <summary>Approximate managed bytes: chunks, upper-layer arrays and id strings.</summary>
    public long EstimateBytes()
    {
        const int arrayHeader = 24;
        long bytes = 0;
        foreach (var chunk in _chunks)
        {
            if (chunk is not null)
            {
                bytes += chunk.FixedBytes;
            }
        }
        int slots = SlotCount;
        for (int id = 0; id < slots; id++)
        {
            if (State(id) == NodeState.Free)
            {
                continue;
            }
            int level = Level(id);
            if (level > 0)
            {
                bytes += arrayHeader + (8L * level);
                for (int l = 1; l <= level; l++)
                {
                    bytes += arrayHeader + (4L * Neighbors(id, l).Length);
                }
            }
            bytes += 22 + (2L * (ItemId(id)?.Length ?? 0));
        }
        return bytes;
    }

    /// <summary>4096 slots' worth of storage, allocated once and never moved.</summary>
    internal sealed class Chunk(int dimension, int linkStride)
    {
        public readonly float[] Vectors = new float[ChunkSize * dimension];

        /// <summary>Per slot: link count, then bottom-layer links.</summary>
        public readonly int[] Links = new int[ChunkSize * linkStride];
        public readonly int[][]?[] Upper = new int[][]?[ChunkSize];
        public readonly byte[] States = new byte[ChunkSize];
        public readonly byte[] Levels = new byte[ChunkSize];
        public readonly string?[] Ids = new string?[ChunkSize];

        public long FixedBytes => (4L * Vectors.Length) + (4L * Links.Length) + (16L * ChunkSize) + (2L * ChunkSize);
    }
}
