using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Recommender.CandidateRetrieval.Retrieval;

/// <summary>Thread-safe in-memory <see cref="IItemMetadata"/>.</summary>
public sealed class InMemoryItemMetadata : IItemMetadata
{
    private readonly ConcurrentDictionary<int, ItemMetadata> _items = new();

    /// <summary>Number of slots with metadata.</summary>
    public int Count => _items.Count;

    /// <summary>Sets (or replaces) the metadata of a slot.</summary>
    public void Set(int internalId, ItemMetadata item) => _items[internalId] = item;

    /// <summary>Forgets a slot's metadata.</summary>
    public bool Remove(int internalId) => _items.TryRemove(internalId, out _);

    /// <inheritdoc />
    public bool TryGet(int internalId, [MaybeNullWhen(false)] out ItemMetadata item) => _items.TryGetValue(internalId, out item);
}
