using System.Diagnostics.CodeAnalysis;

namespace Recommender.CandidateRetrieval.Retrieval;

/// <summary>
/// Item metadata by internal id (the slot the index returned from <c>HnswIndex.Upsert</c>). The catalog
/// implements it: it sets an item's metadata after upserting it into the index and removes it when the
/// item is deleted or its slot changes. Lookups run inside searches, from several threads at once,
/// so they must be fast and thread-safe.
/// </summary>
public interface IItemMetadata
{
    /// <summary>The metadata stored for a slot, if any.</summary>
    bool TryGet(int internalId, [MaybeNullWhen(false)] out ItemMetadata item);
}
