using System.Collections.Concurrent;
using System.Collections.Immutable;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Recommender.CandidateRetrieval.Index;
using Recommender.CandidateRetrieval.Persistence.Records;
using Recommender.CandidateRetrieval.Retrieval;
using Recommender.CandidateRetrieval.Service;
using Recommender.Contracts.V1;
using Recommender.Storage;

namespace Recommender.CandidateRetrieval.Catalog;

/// <summary>
/// The catalog in memory: items by id, ids in order (for paging), category counts, and the vector index. Rebuilt from
/// snapshot plus log and changed only by <see cref="Apply"/> (on the store's writer thread, in log order); reads are
/// lock-free and may run at any time. Apply never validates: the service validated the records before appending them,
/// and replay must not depend on limits that may have changed since.
/// </summary>
internal sealed class CatalogState : IDurableState
{
    private readonly CandidateRetrievalOptions options;
    private readonly RetrievalOptions retrievalOptions;
    private readonly ILoggerFactory loggers;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, CatalogEntry> items = new(StringComparer.Ordinal);
    private readonly CategoryCounts categories = new();
    private readonly EmbeddingModels embeddingModels = new();
    private volatile ImmutableSortedSet<string> order = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);
    private volatile VectorIndex? vectors;
    private volatile Timestamp? lastWrite;

    public CatalogState(CandidateRetrievalOptions options, ILoggerFactory loggers)
    {
        this.options = options;
        this.loggers = loggers;
        logger = loggers.CreateLogger<CatalogState>();
        retrievalOptions = new RetrievalOptions
        {
            MaxQueries = options.Limits.MaxQueries,
            MaxK = options.Limits.MaxK,
            MaxExcludedItems = options.Limits.MaxExcludedItems,
            MaxCategoryPrefixes = 2 * options.Limits.MaxCategoryFilters,
            MaxAttributeFilters = options.Limits.MaxAttributeFilters,
            MaxCategoryPathLength = options.Limits.MaxCategoryPathLength,
        };
    }

    /// <summary>Items in the catalog.</summary>
    public int Count => items.Count;

    /// <summary>The catalog's vector dimension; 0 while it is empty.</summary>
    public int Dimension => vectors?.Dimension ?? 0;

    /// <summary>Category tree nodes with at least one item.</summary>
    public int CategoryCount => categories.Count;

    /// <summary>The encoder models that embedded the catalog's items, with item counts (most first).</summary>
    public IReadOnlyList<(string Model, long Items)> EmbeddingModels => embeddingModels.Current();

    /// <summary>When the last write was accepted, or null before the first.</summary>
    public Timestamp? LastWrite => lastWrite;

    /// <summary>The index, its metadata and retriever; null while the catalog is empty.</summary>
    public VectorIndex? Vectors => vectors;

    /// <summary>Every item id in ordinal order, as of now (an immutable view).</summary>
    public ImmutableSortedSet<string> Order => order;

    public bool TryGet(string id, out CatalogEntry entry) => items.TryGetValue(id, out entry!);

    /// <summary>The item's stored (unit-length) vector, or null when it is not in the catalog.</summary>
    public float[]? GetVector(string id) => vectors?.Index.GetVector(id);

    /// <inheritdoc cref="CategoryCounts.Tree"/>
    public List<CategoryNode> CategoryTree(CategoryPath? prefix, int maxDepth) => categories.Tree(prefix, maxDepth);

    /// <summary>Index slots that a batch could still take (capacity less live items and deleted ones awaiting compaction).</summary>
    public long FreeCapacity
    {
        get
        {
            if (vectors is not { } current)
            {
                return options.Index.MaxItems;
            }
            var stats = current.Index.GetStatistics();
            return (long)options.Index.MaxItems - stats.Slots + stats.FreeSlots;
        }
    }

    public void Apply(LogRecord record)
    {
        // A record that does not parse is foreign data or a bug: throwing stops the store (replay names the sequence)
        // rather than silently skipping acknowledged writes.
        var entry = LogEntry.Parser.ParseFrom(record.Payload.Span);
        switch (entry.EntryCase)
        {
            case LogEntry.EntryOneofCase.Upsert:
                ApplyUpsert(entry.Upsert);
                break;
            case LogEntry.EntryOneofCase.Delete:
                ApplyDelete(entry.Delete);
                break;
            default:
                throw new InvalidDataException($"log record {record.Sequence} has no known entry ({entry.EntryCase})");
        }
    }

    private void ApplyUpsert(UpsertBatch batch)
    {
        if (batch.Items.Count == 0)
        {
            return;
        }
        var current = vectors ?? CreateIndex(batch.Items[0].Vector.Count);
        var entries = new CatalogEntry[batch.Items.Count];
        var indexItems = new IndexItem[batch.Items.Count];
        var previousSlots = new int[batch.Items.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var item = batch.Items[i];
            var stored = item.Clone();
            stored.Vector.Clear();
            // created_at: the client's, else the first upsert's.
            stored.CreatedAt ??= items.TryGetValue(item.Id, out var existing) ? existing.Item.CreatedAt : batch.AcceptedAt;
            stored.UpdatedAt = batch.AcceptedAt;
            entries[i] = new CatalogEntry(stored, CategoryPath.Parse(stored.CategoryPath, "category_path", int.MaxValue));
            indexItems[i] = new IndexItem(item.Id, item.Vector.ToArray());
            previousSlots[i] = current.Index.TryGetInternalId(item.Id, out var slot) ? slot : -1;
        }

        var slots = current.Index.Upsert(indexItems);
        vectors = current;
        var ids = order.ToBuilder();
        for (var i = 0; i < entries.Length; i++)
        {
            var stored = entries[i];
            if (items.TryGetValue(stored.Item.Id, out var previous))
            {
                categories.Remove(previous.Category);
                embeddingModels.Remove(previous.Item.EmbeddingModel);
            }
            items[stored.Item.Id] = stored;
            categories.Add(stored.Category);
            embeddingModels.Add(stored.Item.EmbeddingModel);
            ids.Add(stored.Item.Id);
            if (previousSlots[i] >= 0 && previousSlots[i] != slots[i])
            {
                current.Metadata.Remove(previousSlots[i]);
            }
            current.Metadata.Set(slots[i], new ItemMetadata(stored.Item.Id, stored.Category, stored.Item.Attributes));
        }
        order = ids.ToImmutable();
        lastWrite = batch.AcceptedAt;
    }

    private void ApplyDelete(DeleteBatch batch)
    {
        var current = vectors;
        var ids = order.ToBuilder();
        var deleted = new List<string>(batch.Ids.Count);
        foreach (var id in batch.Ids)
        {
            if (!items.TryRemove(id, out var removed))
            {
                continue;
            }
            deleted.Add(id);
            categories.Remove(removed.Category);
            embeddingModels.Remove(removed.Item.EmbeddingModel);
            ids.Remove(id);
            if (current is not null && current.Index.TryGetInternalId(id, out var slot))
            {
                current.Metadata.Remove(slot);
            }
        }
        if (current is not null && deleted.Count > 0)
        {
            current.Index.Delete(deleted);
        }
        order = ids.ToImmutable();
        if (items.IsEmpty && current is not null)
        {
            // An empty catalog has no dimension: the next item may fix a new one (for example after a model change).
            vectors = null;
            logger.LogInformation("The catalog is empty; its index of dimension {Dimension} was dropped", current.Dimension);
        }
        lastWrite = batch.AcceptedAt;
    }

    public void LoadSnapshot(Stream payload, long lastSequence)
    {
        var loaded = CatalogSnapshot.Read(payload, options, loggers.CreateLogger<HnswIndex>());
        var current = loaded.Index is null ? null : new VectorIndex(loaded.Index, retrievalOptions);
        var ids = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        items.Clear();
        categories.Clear();
        embeddingModels.Clear();
        foreach (var item in loaded.Items)
        {
            var category = CategoryPath.Parse(item.CategoryPath, "category_path", int.MaxValue);
            if (current is null || !current.Index.TryGetInternalId(item.Id, out var slot))
            {
                throw new InvalidDataException($"the catalog snapshot at sequence {lastSequence} lists item '{item.Id}' but its index does not hold it");
            }
            items[item.Id] = new CatalogEntry(item, category);
            categories.Add(category);
            embeddingModels.Add(item.EmbeddingModel);
            ids.Add(item.Id);
            current.Metadata.Set(slot, new ItemMetadata(item.Id, category, item.Attributes));
        }
        if (current is not null && current.Index.Count != items.Count)
        {
            throw new InvalidDataException(
                $"the catalog snapshot at sequence {lastSequence} lists {items.Count} items but its index holds {current.Index.Count}");
        }
        vectors = items.IsEmpty ? null : current;
        order = ids.ToImmutable();
        lastWrite = loaded.LastWrite;
        logger.LogInformation("Loaded the catalog snapshot at sequence {Sequence}: {Items} items of dimension {Dimension}, {Categories} categories",
            lastSequence, items.Count, Dimension, categories.Count);
    }

    public ValueTask WriteSnapshotAsync(Stream destination, CancellationToken cancellationToken)
    {
        var current = vectors;
        var ids = order;
        var entries = ids.Select(id => items[id].Item);
        CatalogSnapshot.Write(destination, ids.Count, entries, current?.Index, lastWrite);
        return ValueTask.CompletedTask;
    }

    private VectorIndex CreateIndex(int dimension)
    {
        var index = new HnswIndex(options.Index.ToHnswOptions(dimension, options.Limits), loggers.CreateLogger<HnswIndex>());
        logger.LogInformation("Created the catalog's index: dimension {Dimension}, M {M}, efConstruction {EfConstruction}",
            dimension, options.Index.M, options.Index.EfConstruction);
        return new VectorIndex(index, retrievalOptions);
    }
}
