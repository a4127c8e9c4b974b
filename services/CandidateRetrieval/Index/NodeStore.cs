namespace Recommender.CandidateRetrieval.Index;

/// <summary>
/// Slot storage: unit vectors in contiguous per-chunk float arrays (4096 slots per chunk, so a slot's
/// vector never moves and memory grows without copying), plus each slot's layer, neighbour lists,
/// state and item id.
/// Neighbour lists are immutable arrays: a writer builds a new array and publishes it with one
/// reference write, so searches read them without locks and always see a whole list.
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

    public NodeStore(int dimension, int maxItems)
    {
        Dimension = dimension;
        MaxItems = maxItems;
        _chunks = new Chunk?[(maxItems + ChunkSize - 1) / ChunkSize];
    }

    public int Dimension { get; }

    public int MaxItems { get; }

    /// <summary>Slots ever allocated; every id below it has a chunk.</summary>
    public int SlotCount => Volatile.Read(ref _slotCount);

    public int FreeSlotCount => _freeSlots.Count;

    /// <summary>Slots that <see cref="Allocate"/> can still hand out.</summary>
    public int AvailableSlots => _freeSlots.Count + (MaxItems - _slotCount);

    public Chunk GetChunk(int chunkIndex) => _chunks[chunkIndex]!;

    public ReadOnlySpan<float> Vector(int id) =>
        new(_chunks[id >> ChunkShift]!.Vectors, (id & ChunkMask) * Dimension, Dimension);

    public NodeState State(int id) => (NodeState)Volatile.Read(ref _chunks[id >> ChunkShift]!.States[id & ChunkMask]);

    public void SetState(int id, NodeState state) =>
        Volatile.Write(ref _chunks[id >> ChunkShift]!.States[id & ChunkMask], (byte)state);

    public int Level(int id) => _chunks[id >> ChunkShift]!.Levels[id & ChunkMask];

    public string? ItemId(int id) => Volatile.Read(ref _chunks[id >> ChunkShift]!.Ids[id & ChunkMask]);

    public int[] Neighbors(int id, int level)
    {
        var chunk = _chunks[id >> ChunkShift]!;
        int local = id & ChunkMask;
        return level == 0
            ? Volatile.Read(ref chunk.Level0[local])!
            : Volatile.Read(ref chunk.Upper[local]![level - 1]);
    }

    public void SetNeighbors(int id, int level, int[] neighbors)
    {
        var chunk = _chunks[id >> ChunkShift]!;
        int local = id & ChunkMask;
        if (level == 0)
        {
            Volatile.Write(ref chunk.Level0[local], neighbors);
        }
        else
        {
            Volatile.Write(ref chunk.Upper[local]![level - 1], neighbors);
        }
    }

    /// <summary>Takes a free slot (or a new one) for an item; the caller checked <see cref="AvailableSlots"/>.</summary>
    public int Allocate()
    {
        if (_freeSlots.Count > 0)
        {
            return _freeSlots.Pop();
        }
        int id = _slotCount;
        int chunkIndex = id >> ChunkShift;
        _chunks[chunkIndex] ??= new Chunk(Dimension);
        Volatile.Write(ref _slotCount, id + 1);
        return id;
    }

    /// <summary>Writes a slot's vector, layer and id and leaves it Pending with empty neighbour lists.
    /// Everything is written before the slot becomes reachable from the graph.</summary>
    public void Initialize(int id, string itemId, int level, ReadOnlySpan<float> unitVector)
    {
        var chunk = _chunks[id >> ChunkShift]!;
        int local = id & ChunkMask;
        unitVector.CopyTo(chunk.Vectors.AsSpan(local * Dimension, Dimension));
        chunk.Levels[local] = (byte)level;
        int[][]? upper = null;
        if (level > 0)
        {
            upper = new int[level][];
            Array.Fill(upper, Array.Empty<int>());
        }
        Volatile.Write(ref chunk.Upper[local], upper);
        Volatile.Write(ref chunk.Level0[local], Array.Empty<int>());
        Volatile.Write(ref chunk.Ids[local], itemId);
        SetState(id, NodeState.Pending);
    }

    /// <summary>Returns a slot to the free list. Only after no search can reach it any more.</summary>
    public void Free(int id)
    {
        var chunk = _chunks[id >> ChunkShift]!;
        int local = id & ChunkMask;
        SetState(id, NodeState.Free);
        Volatile.Write(ref chunk.Level0[local], Array.Empty<int>());
        Volatile.Write(ref chunk.Upper[local], null);
        Volatile.Write(ref chunk.Ids[local], null);
        chunk.Levels[local] = 0;
        _freeSlots.Push(id);
    }

    /// <summary>Used when loading a snapshot: makes slots 0..count-1 exist, all Free.</summary>
    public void ReserveForLoad(int count)
    {
        for (int id = 0; id < count; id++)
        {
            _chunks[id >> ChunkShift] ??= new Chunk(Dimension);
        }
        _slotCount = count;
    }

    /// <summary>Used when loading a snapshot: puts every Free slot on the free list, lowest id on top.</summary>
    public void RebuildFreeList()
    {
        _freeSlots.Clear();
        for (int id = _slotCount - 1; id >= 0; id--)
        {
            if (State(id) == NodeState.Free)
            {
                _freeSlots.Push(id);
            }
        }
    }

    /// <summary>Approximate managed bytes: vector chunks, neighbour arrays and id strings.</summary>
    public long EstimateBytes()
    {
        const int arrayHeader = 24;
        long bytes = 0;
        int slots = SlotCount;
        foreach (var chunk in _chunks)
        {
            if (chunk is not null)
            {
                bytes += chunk.FixedBytes;
            }
        }
        for (int id = 0; id < slots; id++)
        {
            if (State(id) == NodeState.Free)
            {
                continue;
            }
            bytes += arrayHeader + (4L * Neighbors(id, 0).Length);
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
    internal sealed class Chunk(int dimension)
    {
        public readonly float[] Vectors = new float[ChunkSize * dimension];
        public readonly int[]?[] Level0 = new int[]?[ChunkSize];
        public readonly int[][]?[] Upper = new int[][]?[ChunkSize];
        public readonly byte[] States = new byte[ChunkSize];
        public readonly byte[] Levels = new byte[ChunkSize];
        public readonly string?[] Ids = new string?[ChunkSize];

        public long FixedBytes => (4L * Vectors.Length) + (8L * 3 * ChunkSize) + (2L * ChunkSize);
    }
}
