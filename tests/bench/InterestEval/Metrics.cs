namespace Recommender.InterestEval;

/// <summary>Divergences and ranking metrics between distributions given as arrays over the same categories.</summary>
internal static class Metrics
{
    /// <summary>Jensen–Shannon divergence in bits (0 = equal, 1 = disjoint). Inputs are normalised first.</summary>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double sp = 0, sq = 0;
        for (var i = 0; i < p.Length; i++)
        {
            sp += p[i];
            sq += q[i];
        }
        var result = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            var a = p[i] / sp;
            var b = q[i] / sq;
            var m = (a + b) / 2;
            if (a > 0)
            {
                result += 0.5 * a * System.Math.Log2(a / m);
            }
            if (b > 0)
            {
                result += 0.5 * b * System.Math.Log2(b / m);
            }
        }
        return System.Math.Max(0, result);
    }

    /// <summary>Share of the true top-k categories found in the estimated top-k (ties broken by index).</summary>
    public static double RecallAtK(ReadOnlySpan<double> truth, ReadOnlySpan<double> estimate, int k)
    {
        var trueTop = TopK(truth, k);
        var estimatedTop = TopK(estimate, k);
        return trueTop.Count(estimatedTop.Contains) / (double)trueTop.Length;
    }

    private static int[] TopK(ReadOnlySpan<double> values, int k)
    {
        var copy = values.ToArray();
        return Enumerable.Range(0, copy.Length).OrderByDescending(i => copy[i]).ThenBy(i => i).Take(System.Math.Min(k, copy.Length)).ToArray();
    }
}

/// <summary>A running mean.</summary>
internal sealed class Mean
{
    private double sum;

    public long Count { get; private set; }

    public double Value => Count == 0 ? double.NaN : sum / Count;

    public void Add(double value)
    {
        sum += value;
        Count++;
    }

    public void Add(bool hit) => Add(hit ? 1.0 : 0.0);
}
