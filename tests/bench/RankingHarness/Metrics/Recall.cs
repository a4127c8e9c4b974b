namespace Recommender.Bench.RankingHarness.Metrics;

/// <summary>Recall at k: the share of the relevant items found among the first k (with one held-out item, the hit rate).</summary>
public static class Recall
{
    public static double At(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (relevant.Count == 0)
        {
            throw new ArgumentException("recall needs at least one relevant item", nameof(relevant));
        }
        var found = ranked.Take(k).Distinct().Count(relevant.Contains);
        return (double)found / relevant.Count;
    }
}
