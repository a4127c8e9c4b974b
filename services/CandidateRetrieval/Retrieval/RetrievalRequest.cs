namespace Recommender.CandidateRetrieval.Retrieval;

/// <summary>One interest: a query vector, its weight (how much the user cares, e.g. the interest's
/// probability) and its quota (how many candidates to take for it).</summary>
/// <param name="Vector">Query embedding; same dimension as the index, finite, not all zeros.</param>
/// <param name="Weight">Finite and greater than 0. A candidate's score is weight × cosine similarity, and
/// spare room is shared between interests in proportion to weight.</param>
/// <param name="Quota">0..k. Quotas summing above k are scaled down to fit.</param>
public sealed record InterestQuery(ReadOnlyMemory<float> Vector, float Weight, int Quota);

/// <summary>Which items may be returned. Empty lists mean no restriction.</summary>
public sealed record RetrievalFilter
{
    /// <summary>Only items under one of these category prefixes (whole segments).</summary>
    public IReadOnlyList<string> IncludeCategoryPrefixes { get; init; } = [];

    /// <summary>No items under any of these category prefixes.</summary>
    public IReadOnlyList<string> ExcludeCategoryPrefixes { get; init; } = [];

    /// <summary>Items never to return (for example already seen).</summary>
    public IReadOnlyList<string> ExcludeItemIds { get; init; } = [];

    /// <summary>Only items whose attributes have all of these values (ordinal comparison).</summary>
    public IReadOnlyDictionary<string, string> AttributeEquals { get; init; } = new Dictionary<string, string>();
}

/// <summary>A multi-interest retrieval: several weighted queries, filters and a total limit.</summary>
/// <param name="Queries">1..<see cref="RetrievalOptions.MaxQueries"/> interests.</param>
/// <param name="K">Most candidates returned in total, 1..<see cref="RetrievalOptions.MaxK"/>.</param>
/// <param name="Filter">Restrictions, or null for none.</param>
/// <param name="EfSearch">Beam width override for the searches, or null for the index default.</param>
/// <param name="Exact">Scan every item instead of walking the graph (for verification).</param>
public sealed record RetrievalRequest(IReadOnlyList<InterestQuery> Queries, int K, RetrievalFilter? Filter = null, int? EfSearch = null, bool Exact = false);
