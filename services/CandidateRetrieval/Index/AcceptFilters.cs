namespace Recommender.CandidateRetrieval.Index;

/// <summary>Which visited slots may enter a search's results. Structs, so the JIT specialises the
/// search loop for each and the unfiltered path pays no delegate call.</summary>
internal interface IAcceptFilter
{
    bool Accept(int id);
}

/// <summary>Every slot (used while inserting, where tombstones are dropped afterwards, by searches when
/// every reachable slot is live, and by exact scans, which check liveness themselves).</summary>
internal readonly struct AcceptAny : IAcceptFilter
{
    public bool Accept(int id) => true;
}

/// <summary>Live slots only: no tombstones, no slots still being linked.</summary>
internal readonly struct AcceptLive(NodeStore store) : IAcceptFilter
{
    public bool Accept(int id) => store.State(id) == NodeState.Live;
}

/// <summary>Live slots the caller's predicate accepts.</summary>
internal readonly struct AcceptLiveFiltered(NodeStore store, Func<int, bool> predicate) : IAcceptFilter
{
    public bool Accept(int id) => store.State(id) == NodeState.Live && predicate(id);
}

/// <summary>The caller's predicate alone (exact scans check liveness themselves).</summary>
internal readonly struct AcceptPredicate(Func<int, bool> predicate) : IAcceptFilter
{
    public bool Accept(int id) => predicate(id);
}
