namespace Recommender.CandidateRetrieval.Index;

/// <summary>Lifecycle of a slot: Free → Pending (being linked) → Live → Deleted (tombstone) → Free (after compaction).</summary>
internal enum NodeState : byte
{
    Free = 0,
    Pending = 1,
    Live = 2,
    Deleted = 3,
}
