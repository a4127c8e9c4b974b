namespace Recommender.Bench.RankingHarness.Metrics;

/// <summary>Reciprocal rank: 1 / (1-based position of the held-out item) within the list, 0 when absent (the mean over users is MRR).</summary>
public static class ReciprocalRank
{
    public static double Of(IReadOnlyList<string> ranked, string heldOut)
    {
        for (var i = 0; i < ranked.Count; i++)
        {
            if (ranked[i] == heldOut)
            {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }
}
