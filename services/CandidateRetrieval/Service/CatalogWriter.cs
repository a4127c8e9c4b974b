using System.Numerics.Tensors;
using Google.Protobuf.WellKnownTypes;
using Recommender.CandidateRetrieval.Embedding;
using Recommender.CandidateRetrieval.Persistence;
using Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Service;

/// <summary>
/// The write path. An upsert is validated whole, then the items without a vector are embedded (outside any lock, so
/// several requests embed at once), then, one write at a time, checked against the catalog (dimension, capacity),
/// appended to the log as one atomic batch with every vector, fsynced and applied before the call returns. Anything
/// that fails before the append leaves the catalog untouched.
/// </summary>
internal sealed class CatalogWriter(
    CatalogStore store,
    ItemEmbedder embedder,
    CandidateRetrievalOptions options,
    ServiceMetrics metrics,
    TimeProvider time)
{
    // Serialises the check-then-append step, so two first batches cannot fix two dimensions and the capacity check
    // sees every earlier write.
    private readonly SemaphoreSlim writeGate = new(1, 1);

    /// <summary>Items in the catalog now.</summary>
    public long ItemCount => store.Catalog.Count;

    /// <summary>
    /// Validates <paramref name="items"/> now (throwing <see cref="RequestValidationException"/>) and returns the task
    /// that embeds what needs it. Commit the result with <see cref="CommitAsync"/>.
    /// </summary>
    public Task<PreparedUpsert> Prepare(IReadOnlyList<Item> items, DateTime deadline, CancellationToken cancellationToken)
    {
        ItemValidator.Validate(items, options.Limits, store.Catalog.Dimension);
        return EmbedAsync(items, deadline, cancellationToken);
    }

    /// <summary>Applies a prepared upsert durably; returns the response (the catalog size is the one right after this write).</summary>
    public async Task<UpsertItemsResponse> CommitAsync(PreparedUpsert prepared, CancellationToken cancellationToken)
    {
        var catalog = store.Catalog;
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        long count;
        try
        {
            CheckModel(prepared, catalog.EmbeddingModels);
            CheckDimensions(prepared, catalog.Dimension);
            if (catalog.FreeCapacity < prepared.Items.Count)
            {
                throw new CatalogFullException(
                    $"the catalog cannot take {prepared.Items.Count} more items: it holds {catalog.Count} of at most {options.Index.MaxItems:N0} " +
                    "(CandidateRetrieval:Index:MaxItems; deleted items count until compaction frees them); nothing was applied");
            }
            await store.AppendAsync(LogRecords.Upsert(prepared.Items, Timestamp.FromDateTimeOffset(time.GetUtcNow()))).ConfigureAwait(false);
            count = catalog.Count;
        }
        finally
        {
            writeGate.Release();
        }
        metrics.Upserted(prepared.Items.Count - prepared.Embedded.Count, prepared.Embedded.Count);
        return new UpsertItemsResponse { Upserted = prepared.Items.Count, Embedded = prepared.Embedded.Count, ItemCount = count };
    }

    /// <summary>Deletes the ids that are in the catalog (one durable log record) and reports the others as missing.</summary>
    public async Task<DeleteItemsResponse> DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var catalog = store.Catalog;
        Fields.Count(ids.Count, 1, options.Limits.MaxIdsPerRequest, "ids", "MaxIdsPerRequest", "ids");
        Fields.UniqueIds(ids, options.Limits.MaxIdLength, "ids");
        var response = new DeleteItemsResponse();
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var present = ids.Where(id => catalog.TryGet(id, out _)).ToList();
            response.MissingIds.AddRange(ids.Where(id => !catalog.TryGet(id, out _)));
            if (present.Count > 0)
            {
                await store.AppendAsync([LogRecords.Delete(present, Timestamp.FromDateTimeOffset(time.GetUtcNow()))]).ConfigureAwait(false);
            }
            response.Deleted = present.Count;
        }
        finally
        {
            writeGate.Release();
        }
        metrics.Deleted(response.Deleted);
        return response;
    }

    private async Task<PreparedUpsert> EmbedAsync(IReadOnlyList<Item> items, DateTime deadline, CancellationToken cancellationToken)
    {
        var logged = new List<Item>(items.Count);
        var needEmbedding = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            var copy = items[i].Clone();
            copy.UpdatedAt = null; // set by the catalog when the write is accepted
            copy.EmbeddingModel = ""; // set below when the encoder embeds it
            logged.Add(copy);
            if (copy.Vector.Count == 0)
            {
                needEmbedding.Add(i);
            }
        }
        if (needEmbedding.Count == 0)
        {
            return new PreparedUpsert(logged, [], null);
        }

        var texts = needEmbedding.Select(i => ItemText.Compose(items[i], options.EmbedDescriptionCharacters)).ToList();
        var (vectors, model) = await embedder.EmbedAsync(texts, deadline, cancellationToken).ConfigureAwait(false);
        for (var j = 0; j < needEmbedding.Count; j++)
        {
            var vector = vectors[j];
            if (vector.Length == 0 || !Array.TrueForAll(vector, float.IsFinite) || TensorPrimitives.MaxMagnitude<float>(vector) == 0f)
            {
                var i = needEmbedding[j];
                throw new RequestValidationException($"items[{i}]",
                    $"items[{i}] came without a vector and model '{model}' found nothing to embed in its text \"{Short(texts[j])}\" " +
                    "(no word the model knows); give the item a vector, or a title, category or tags in words");
            }
            logged[needEmbedding[j]].Vector.AddRange(vector);
            logged[needEmbedding[j]].EmbeddingModel = model;
        }
        return new PreparedUpsert(logged, needEmbedding, model);
    }

    /// <summary>
    /// Vectors of two models are not comparable: a batch the encoder embedded with one model is refused while the
    /// catalog holds items another model embedded (an item this batch replaces still counts: nothing is applied).
    /// </summary>
    private static void CheckModel(PreparedUpsert prepared, IReadOnlyList<(string Model, long Items)> catalogModels)
    {
        if (prepared.Model is not { } model || catalogModels.All(m => m.Model == model))
        {
            return;
        }
        var (other, items) = catalogModels.First(m => m.Model != model);
        throw new EncoderMismatchException(
            $"the catalog holds {items} items embedded with model '{other}' but the encoder now embeds with '{model}'; vectors of two " +
            $"models are not comparable, so nothing was applied. Configure CandidateRetrieval:EncoderModel={other}, or re-embed the " +
            "catalog: delete its items and upsert them again without vectors");
    }

    private void CheckDimensions(PreparedUpsert prepared, int catalogDimension)
    {
        var expected = catalogDimension > 0 ? catalogDimension
            : prepared.Embedded.Count > 0 ? prepared.Items[prepared.Embedded[0]].Vector.Count
            : prepared.Items[0].Vector.Count;
        var embedded = prepared.Embedded.ToHashSet();
        for (var i = 0; i < prepared.Items.Count; i++)
        {
            var count = prepared.Items[i].Vector.Count;
            if (count == expected)
            {
                continue;
            }
            if (embedded.Contains(i))
            {
                throw new EncoderMismatchException(
                    $"model '{prepared.Model}' embeds items in {count} dimensions but the catalog's dimension is {expected} " +
                    "(fixed by its first item); configure the model the catalog was built with, or empty the catalog first; nothing was applied");
            }
            throw new RequestValidationException($"items[{i}].vector", catalogDimension > 0
                ? $"items[{i}].vector has {count} components; the catalog's dimension is {expected} (fixed by its first item; an empty catalog takes a new one)"
                : $"items[{i}].vector has {count} components but model '{prepared.Model}' embeds the items of this batch that came without a vector in {expected}; all vectors of a catalog have one dimension");
        }
    }

    private static string Short(string text) => text.Length <= 120 ? text : text[..120] + "...";
}

/// <summary>An upsert ready to commit: the items as they will be logged (each with its vector) and which of them the encoder embedded.</summary>
internal sealed record PreparedUpsert(IReadOnlyList<Item> Items, IReadOnlyList<int> Embedded, string? Model);

/// <summary>The catalog is at its configured capacity. Maps to RESOURCE_EXHAUSTED; nothing was applied.</summary>
internal sealed class CatalogFullException(string message) : Exception(message);
