namespace Recommender.CandidateRetrieval.Index;

/// <summary>Per-query settings of <see cref="HnswIndex.Search(ReadOnlySpan{float}, int, SearchParameters)"/>.</summary>
/// <param name="EfSearch">Beam width for this query (1..<see cref="HnswOptions.MaxEfSearch"/>); null uses
/// <see cref="HnswOptions.EfSearch"/>. The effective width is never below k.</param>
/// <param name="Filter">Predicate over internal ids; only ids it accepts are returned. It is called from the
/// searching thread, possibly many times per query, so it must be fast and thread-safe.</param>
/// <param name="Exact">Scan every item instead of walking the graph (for verification).</param>
public readonly record struct SearchParameters(int? EfSearch = null, Func<int, bool>? Filter = null, bool Exact = false);
