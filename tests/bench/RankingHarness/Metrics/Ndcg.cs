namespace Recommender.Bench.RankingHarness.Metrics;

/// <summary>
/// NDCG at k with one relevant item: 1 / log2(position + 1) for its 1-based position within the
/// first k, else 0 (the ideal DCG is 1, the item at position 1).
/// </summary>
public static class Ndcg
{
    public static double At(IReadOnlyList<string> ranked, string heldOut, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (ranked[i] == heldOut)
            {
                return 1 / Math.Log2(i + 2);
            }
        }
        return 0;
    }
}
