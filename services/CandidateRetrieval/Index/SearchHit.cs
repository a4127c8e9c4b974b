namespace Recommender.CandidateRetrieval.Index;

/// <summary>
/// One search result: the internal id (a slot number that stays the same while the item's vector does),
/// the item id, and the cosine similarity to the query (higher is closer, at most 1).
/// </summary>
public readonly record struct SearchHit(int InternalId, string Id, float Score);
