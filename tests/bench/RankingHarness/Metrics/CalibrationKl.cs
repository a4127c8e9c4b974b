namespace Recommender.Bench.RankingHarness.Metrics;

/// <summary>
/// Steck's miscalibration: KL(p ‖ q̃) = Σ_g p(g) log(p(g) / q̃(g)) with q̃ = (1 − α) q + α p, so a genre
/// the list lacks costs a finite amount. p is the user's distribution, q the list's; 0 when they agree.
/// </summary>
public static class CalibrationKl
{
    public const double SteckAlpha = 0.01;

    public static double Divergence(IReadOnlyDictionary<string, double> p, IReadOnlyDictionary<string, double> q, double alpha = SteckAlpha)
    {
        if (!(alpha > 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in (0, 1]");
        }
        var sum = 0.0;
        foreach (var (genre, pg) in p)
        {
            if (pg <= 0)
            {
                continue;
            }
            var smoothed = (1 - alpha) * q.GetValueOrDefault(genre) + alpha * pg;
            sum += pg * Math.Log(pg / smoothed);
        }
        return sum;
    }
}
