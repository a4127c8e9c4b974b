namespace Recommender.Bench.RankingHarness.Metrics;

/// <summary>Hit rate at k: 1 when the held-out item is among the first k recommendations, else 0.</summary>
public static class HitRate
{
    public static double At(IReadOnlyList<string> ranked, string heldOut, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (ranked[i] == heldOut)
            {
                return 1;
            }
        }
        return 0;
    }
}
