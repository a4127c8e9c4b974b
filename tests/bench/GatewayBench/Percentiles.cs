namespace Recommender.Bench.GatewayBench;

/// <summary>Exact percentiles of recorded latencies (nearest-rank on the sorted samples, no binning).</summary>
public static class Percentiles
{
    /// <summary>
    /// The smallest sample such that at least <paramref name="p"/> of all samples are at or below it
    /// (nearest rank: index ceil(p * n) - 1). NaN when there are no samples.
    /// </summary>
    public static double Of(ReadOnlySpan<double> sorted, double p)
    {
        if (p is < 0 or > 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in [0, 1].");
        }
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
