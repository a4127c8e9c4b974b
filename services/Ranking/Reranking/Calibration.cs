namespace Recommender.Ranking.Reranking;

/// <summary>
/// Steck's calibration measure (Calibrated Recommendations, RecSys 2018):
/// <c>KL(p ‖ q̃) = Σ_g p(g) log(p(g) / q̃(g))</c> with <c>q̃ = (1 − α) q + α p</c>, where p is the user's
/// distribution over categories and q the list's (the share of its items in each category). Mixing in
/// α p keeps q̃(g) &gt; 0 wherever p(g) &gt; 0, so the divergence stays finite when the list misses a category.
/// </summary>
public static class Calibration
{
    /// <summary>Steck's α.</summary>
    public const double DefaultAlpha = 0.01;

    /// <summary>KL(p ‖ q̃) of a list given by its items' category nodes ("" nodes are not counted).</summary>
    public static double KlDivergence(IReadOnlyDictionary<string, double> p, IEnumerable<string> listNodes, double alpha = DefaultAlpha)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var node in listNodes)
        {
            if (node.Length > 0)
            {
                counts[node] = counts.GetValueOrDefault(node) + 1;
                total++;
            }
        }
        return KlDivergence(p, counts, total, alpha);
    }

    /// <summary>KL(p ‖ q̃) with q(g) = counts[g] / total (q = 0 everywhere when total is 0).</summary>
    public static double KlDivergence(IReadOnlyDictionary<string, double> p, IReadOnlyDictionary<string, int> counts, int total, double alpha = DefaultAlpha)
    {
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in (0, 1]");
        }
        var divergence = 0.0;
        foreach (var (node, pg) in p)
        {
            if (pg <= 0)
            {
                continue;
            }
            var q = total > 0 ? (double)counts.GetValueOrDefault(node) / total : 0;
            divergence += pg * Math.Log(pg / ((1 - alpha) * q + alpha * pg));
        }
        return divergence;
    }
}
