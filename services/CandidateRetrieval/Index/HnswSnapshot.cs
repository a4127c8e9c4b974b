using System.Runtime.InteropServices;
using System.Text;

namespace Recommender.CandidateRetrieval.Index;

/// <summary>
/// Snapshot format, version 1 (little-endian):
/// <code>
/// "RCHNSW\r\n"  magic (8 bytes)        int32 format version
/// framed payload (<see cref="ChecksummedBlockWriter"/>):
///   int32 dimension, int32 M, int64 insert sequence, int32 slot count, int32 entry node, int32 entry level
///   per slot: byte state (0 free, 2 live, 3 deleted); unless free:
///     int32 id byte length, UTF-8 id, byte level, float32[dimension] unit vector,
///     per layer 0..level: int32 count, int32[count] neighbour slots
/// int32 0 (end of blocks), SHA-256 of the payload (32 bytes)
/// </code>
/// Every count is range-checked while reading, so a corrupt file fails with a clear message instead of
/// allocating wildly, and the checksum catches everything else.
/// </summary>
internal static class HnswSnapshot
{
    public const int FormatVersion = 1;
    private const int MaxLevel = 30;

    private static ReadOnlySpan<byte> Magic => "RCHNSW\r\n"u8;

    public static void Write(Stream destination, NodeStore store, HnswGraph graph, HnswOptions options)
    {
        destination.Write(Magic);
        Span<byte> version = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(version, FormatVersion);
        destination.Write(version);

        using var framed = new ChecksummedBlockWriter(destination);
        using (var writer = new BinaryWriter(framed, Encoding.UTF8, leaveOpen: true))
        {
            int slots = store.SlotCount;
            var (entryNode, entryLevel) = graph.EntryPoint;
            writer.Write(options.Dimension);
            writer.Write(options.M);
            writer.Write(graph.InsertSequence);
            writer.Write(slots);
            writer.Write(entryNode);
            writer.Write(entryLevel);
            for (int id = 0; id < slots; id++)
            {
                var state = store.State(id);
                writer.Write((byte)state);
                if (state == NodeState.Free)
                {
                    continue;
                }
                var idBytes = Encoding.UTF8.GetBytes(store.ItemId(id)!);
                writer.Write(idBytes.Length);
                writer.Write(idBytes);
                int level = store.Level(id);
                writer.Write((byte)level);
                writer.Write(MemoryMarshal.AsBytes(store.Vector(id)));
                for (int l = 0; l <= level; l++)
                {
                    var neighbors = store.Neighbors(id, l);
                    writer.Write(neighbors.Length);
                    writer.Write(MemoryMarshal.AsBytes(neighbors));
                }
            }
        }
        framed.Finish();
    }

    public static Loaded Read(Stream source, HnswOptions options)
    {
        Span<byte> header = stackalloc byte[12];
        try
        {
            source.ReadExactly(header);
        }
        catch (EndOfStreamException ex)
        {
            throw new IndexSnapshotException("The stream is too short to be an index snapshot.", ex);
        }
        if (!header[..8].SequenceEqual(Magic))
        {
            throw new IndexSnapshotException("The stream is not an HNSW index snapshot (its first bytes are not the snapshot magic).");
        }
        int version = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version != FormatVersion)
        {
            throw new IndexSnapshotException($"The index snapshot has format version {version}; this build reads version {FormatVersion}. Rebuild the index.");
        }

        using var framed = new ChecksummedBlockReader(source);
        using var reader = new BinaryReader(framed, Encoding.UTF8, leaveOpen: true);
        try
        {
            var loaded = ReadPayload(reader, options);
            framed.VerifyEnd();
            return loaded;
        }
        catch (EndOfStreamException ex)
        {
            throw new IndexSnapshotException("The index snapshot is truncated or corrupt: the payload ended early.", ex);
        }
    }

    private static Loaded ReadPayload(BinaryReader reader, HnswOptions options)
    {
        int dimension = reader.ReadInt32();
        int m = reader.ReadInt32();
        if (dimension != options.Dimension)
        {
            throw new IndexSnapshotException($"The index snapshot has dimension {dimension} but HnswOptions.Dimension is {options.Dimension}.");
        }
        if (m != options.M)
        {
            throw new IndexSnapshotException($"The index snapshot was built with M = {m} but HnswOptions.M is {options.M}; use the same M or rebuild.");
        }
        long sequence = reader.ReadInt64();
        int slots = reader.ReadInt32();
        int entryNode = reader.ReadInt32();
        int entryLevel = reader.ReadInt32();
        if (slots < 0)
        {
            throw Corrupt($"it claims {slots} slots");
        }
        if (slots > options.MaxItems)
        {
            throw new IndexSnapshotException($"The index snapshot holds {slots} slots but HnswOptions.MaxItems is {options.MaxItems}; raise MaxItems to load it.");
        }
        if (entryNode < -1 || entryNode >= slots || entryLevel < -1 || entryLevel > MaxLevel)
        {
            throw Corrupt($"its entry point ({entryNode}, layer {entryLevel}) is out of range");
        }

        var store = new NodeStore(dimension, 2 * m, options.MaxItems);
        var vector = new float[dimension];
        var idBytes = new byte[options.MaxIdLength * 4];
        for (int id = 0; id < slots; id++)
        {
            store.EnsureChunkForLoad(id);
            byte stateByte = reader.ReadByte();
            var state = (NodeState)stateByte;
            if (state == NodeState.Free)
            {
                continue;
            }
            if (state is not (NodeState.Live or NodeState.Deleted))
            {
                throw Corrupt($"slot {id} has unknown state {stateByte}");
            }
            int idLength = reader.ReadInt32();
            if (idLength < 1 || idLength > idBytes.Length)
            {
                throw Corrupt($"slot {id} has an id of {idLength} bytes");
            }
            reader.BaseStream.ReadExactly(idBytes, 0, idLength);
            string itemId = Encoding.UTF8.GetString(idBytes, 0, idLength);
            int level = reader.ReadByte();
            if (level > MaxLevel)
            {
                throw Corrupt($"slot {id} is on layer {level}");
            }
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(vector.AsSpan()));
            store.Initialize(id, itemId, level, vector);
            for (int l = 0; l <= level; l++)
            {
                int count = reader.ReadInt32();
                int max = l == 0 ? 2 * m : m;
                if (count < 0 || count > max)
                {
                    throw Corrupt($"slot {id} has {count} links on layer {l} (at most {max})");
                }
                var neighbors = count == 0 ? [] : new int[count];
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(neighbors.AsSpan()));
                foreach (int neighbor in neighbors)
                {
                    if (neighbor < 0 || neighbor >= slots)
                    {
                        throw Corrupt($"slot {id} links to slot {neighbor}, outside 0..{slots - 1}");
                    }
                }
                store.SetNeighbors(id, l, neighbors);
            }
            store.SetState(id, state);
        }
        store.CompleteLoad(slots);
        return new Loaded(store, entryNode, entryLevel, sequence);
    }

    private static IndexSnapshotException Corrupt(string detail) => new($"The index snapshot is corrupt: {detail}.");

    internal sealed record Loaded(NodeStore Store, int EntryNode, int EntryLevel, long InsertSequence);
}
