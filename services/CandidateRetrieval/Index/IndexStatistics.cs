namespace Recommender.CandidateRetrieval.Index;

/// <summary>A point-in-time view of an index's size.</summary>
/// <param name="Count">Live (searchable) items.</param>
/// <param name="Tombstones">Deleted items still in the graph, waiting for compaction.</param>
/// <param name="FreeSlots">Slots freed by compaction, reused by the next inserts.</param>
/// <param name="Slots">Slots ever allocated (live, tombstones and free).</param>
/// <param name="MaxLevel">Top layer of the graph (-1 when empty).</param>
/// <param name="EstimatedBytes">Approximate managed memory held by vectors, links and ids.</param>
public readonly record struct IndexStatistics(int Count, int Tombstones, int FreeSlots, int Slots, int MaxLevel, long EstimatedBytes);
