using Recommender.CandidateRetrieval.Index;
using Recommender.CandidateRetrieval.Retrieval;

namespace Recommender.CandidateRetrieval.Catalog;

/// <summary>
/// The catalog's HNSW index with the item metadata its filters read (by slot) and the retriever over both. Created by
/// the first item (which fixes the dimension) and dropped when the catalog becomes empty; swapped as a whole, so a
/// search always sees three parts that belong together.
/// </summary>
internal sealed class VectorIndex
{
    public VectorIndex(HnswIndex index, RetrievalOptions retrievalOptions)
    {
        Index = index;
        Retriever = new MultiInterestRetriever(index, Metadata, retrievalOptions);
    }

    public HnswIndex Index { get; }

    public InMemoryItemMetadata Metadata { get; } = new();

    public MultiInterestRetriever Retriever { get; }

    public int Dimension => Index.Dimension;
}
