namespace Recommender.Bench.RankingHarness.Metrics;

/// <summary>Precision at k: the share of the first k recommendations that are relevant (k counts even when the list is shorter).</summary>
public static class Precision
{
    public static double At(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return (double)ranked.Take(k).Count(relevant.Contains) / k;
    }
}
