namespace Recommender.CandidateRetrieval.Retrieval;

/// <summary>One retrieved item.</summary>
/// <param name="ItemId">The item id.</param>
/// <param name="InternalId">Its slot in the index at the time of the search.</param>
/// <param name="Score">Best weight × similarity over the queries that found it (results are ordered by it).</param>
/// <param name="Similarity">Cosine similarity to the query that gave <see cref="Score"/>.</param>
/// <param name="QueryIndex">Index of that query in the request.</param>
public sealed record RetrievedCandidate(string ItemId, int InternalId, float Score, float Similarity, int QueryIndex);

/// <summary>How one interest's quota was filled.</summary>
/// <param name="QueryIndex">Index of the query in the request.</param>
/// <param name="Quota">Its quota after fitting all quotas into k.</param>
/// <param name="Filled">Candidates it contributed (its quota, less what it could not find, plus any
/// share of other interests' unused room).</param>
public sealed record QueryFill(int QueryIndex, int Quota, int Filled);

/// <summary>Candidates (best score first, at most k, no item twice) and the per-query accounting.</summary>
public sealed record RetrievalResult(IReadOnlyList<RetrievedCandidate> Candidates, IReadOnlyList<QueryFill> Queries);
