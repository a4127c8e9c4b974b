using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Recommender.CandidateRetrieval.Index;
using Recommender.CandidateRetrieval.Service;
using Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Catalog;

/// <summary>
/// The catalog's snapshot payload (inside the store's checksummed snapshot file), little-endian:
/// <code>
/// u32 magic "RCCS" | i32 version (1) | i32 dimension (0: empty, no index) | i32 M of the saved graph
/// | i64 item count | last write (a length-delimited Timestamp; absent fields = never written)
/// | item count × length-delimited recsys.v1.Item (without vectors, with created_at and updated_at)
/// | the HNSW index as <see cref="HnswIndex.Save"/> writes it (graph, unit vectors, tombstones), when dimension > 0
/// </code>
/// Loading the saved graph means a restart does not rebuild it. When the configured M differs from the saved graph's,
/// the graph is loaded as saved and rebuilt once with the configured parameters (logged).
/// </summary>
internal static class CatalogSnapshot
{
    private const uint Magic = 0x53434352; // "RCCS"
    private const int Version = 1;

    public sealed record Loaded(List<Item> Items, HnswIndex? Index, Timestamp? LastWrite);

    public static void Write(Stream destination, int count, IEnumerable<Item> items, HnswIndex? index, Timestamp? lastWrite)
    {
        var buffered = new BufferedStream(destination, 1 << 16);
        using (var writer = new BinaryWriter(buffered, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(count == 0 ? 0 : index!.Dimension);
            writer.Write(index?.Options.M ?? 0);
            writer.Write((long)count);
        }
        (lastWrite ?? new Timestamp()).WriteDelimitedTo(buffered);
        var written = 0L;
        foreach (var item in items)
        {
            item.WriteDelimitedTo(buffered);
            written++;
        }
        if (written != count)
        {
            throw new InvalidOperationException($"the catalog changed while its snapshot was written ({count} items listed, {written} written)");
        }
        if (count > 0)
        {
            index!.Save(buffered);
        }
        buffered.Flush();
    }

    public static Loaded Read(Stream payload, CandidateRetrievalOptions options, ILogger<HnswIndex> indexLogger)
    {
        var buffered = new BufferedStream(payload, 1 << 16);
        int dimension, m;
        long count;
        using (var reader = new BinaryReader(buffered, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            if (reader.ReadUInt32() != Magic)
            {
                throw new InvalidDataException("not a candidate-retrieval catalog snapshot (wrong magic number)");
            }
            var version = reader.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"catalog snapshot version {version} is not supported (expected {Version})");
            }
            dimension = reader.ReadInt32();
            m = reader.ReadInt32();
            count = reader.ReadInt64();
        }
        if (dimension < 0 || count < 0 || count > int.MaxValue || (count > 0) != (dimension > 0))
        {
            throw new InvalidDataException($"the catalog snapshot header is inconsistent (dimension {dimension}, {count} items)");
        }
        var lastWrite = Timestamp.Parser.ParseDelimitedFrom(buffered);
        var items = new List<Item>((int)Math.Min(count, 1 << 20));
        for (var i = 0L; i < count; i++)
        {
            items.Add(Item.Parser.ParseDelimitedFrom(buffered));
        }
        HnswIndex? index = null;
        if (dimension > 0)
        {
            var configured = options.Index.ToHnswOptions(dimension, options.Limits);
            if (m == configured.M)
            {
                index = HnswIndex.Load(buffered, configured, indexLogger);
            }
            else
            {
                var saved = options.Index.ToHnswOptions(dimension, options.Limits);
                saved.M = m;
                saved.EfConstruction = Math.Max(saved.EfConstruction, m);
                index = Rebuild(HnswIndex.Load(buffered, saved, indexLogger), items, configured, indexLogger);
            }
        }
        return new Loaded(items, index, lastWrite.Seconds == 0 && lastWrite.Nanos == 0 ? null : lastWrite);
    }

    private static HnswIndex Rebuild(HnswIndex saved, List<Item> items, HnswOptions configured, ILogger<HnswIndex> logger)
    {
        logger.LogWarning("The saved index was built with M = {SavedM}; rebuilding it with the configured M = {M} ({Items} items)",
            saved.Options.M, configured.M, items.Count);
        var rebuilt = new HnswIndex(configured, logger);
        foreach (var chunk in items.Chunk(configured.MaxBatchSize))
        {
            rebuilt.Upsert(chunk.Select(item => new IndexItem(item.Id,
                saved.GetVector(item.Id) ?? throw new InvalidDataException($"the catalog snapshot lists item '{item.Id}' but its index does not hold it"))).ToList());
        }
        return rebuilt;
    }
}
