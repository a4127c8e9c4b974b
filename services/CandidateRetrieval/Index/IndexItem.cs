namespace Recommender.CandidateRetrieval.Index;

/// <summary>One item to upsert: its id and its embedding (any length-scale; the index normalises it).</summary>
public readonly record struct IndexItem(string Id, ReadOnlyMemory<float> Vector);
