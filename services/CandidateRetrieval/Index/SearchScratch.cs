namespace Recommender.CandidateRetrieval.Index;

/// <summary>Per-thread working memory of one search or insert, rented from a pool so a query in steady
/// state allocates nothing.</summary>
internal sealed class SearchScratch(int dimension)
{
    public readonly VisitedSet Visited = new();
    public readonly MaxScoreHeap Candidates = new(256);
    public readonly MinScoreHeap Results = new(256);
    public readonly float[] Query = new float[dimension];
    public int[] Unvisited = new int[256];
    public int[] Ids = new int[256];
    public ScoredNode[] Sorted = new ScoredNode[256];
    public ScoredNode[] Selected = new ScoredNode[256];

    /// <summary>Room for <paramref name="count"/> entries in <see cref="Unvisited"/>.</summary>
    public int[] UnvisitedBuffer(int count)
    {
        if (Unvisited.Length < count)
        {
            Unvisited = new int[Math.Max(count, Unvisited.Length * 2)];
        }
        return Unvisited;
    }

    /// <summary>Room for <paramref name="count"/> entries in <see cref="Ids"/>.</summary>
    public int[] IdBuffer(int count)
    {
        if (Ids.Length < count)
        {
            Ids = new int[Math.Max(count, Ids.Length * 2)];
        }
        return Ids;
    }

    /// <summary>Room for <paramref name="count"/> entries in <see cref="Sorted"/>.</summary>
    public ScoredNode[] SortedBuffer(int count)
    {
        if (Sorted.Length < count)
        {
            Sorted = new ScoredNode[Math.Max(count, Sorted.Length * 2)];
        }
        return Sorted;
    }

    /// <summary>Room for <paramref name="count"/> entries in <see cref="Selected"/>.</summary>
    public ScoredNode[] SelectedBuffer(int count)
    {
        if (Selected.Length < count)
        {
            Selected = new ScoredNode[Math.Max(count, Selected.Length * 2)];
        }
        return Selected;
    }
}
