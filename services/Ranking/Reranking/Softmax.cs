namespace Recommender.Ranking.Reranking;

/// <summary>P(item | user) from scores: softmax at a temperature.</summary>
public static class Softmax
{
    /// <summary>
    /// <c>p_i = exp((s_i − max s) / T) / Σ_j exp((s_j − max s) / T)</c>. Subtracting the largest score
    /// first keeps every exponent at or below 0, so large scores do not overflow. A higher
    /// temperature flattens the distribution, a lower one sharpens it.
    /// </summary>
    /// <exception cref="ArgumentException">No scores, a non-finite score, or a temperature not above 0.</exception>
    public static double[] Probabilities(ReadOnlySpan<double> scores, double temperature)
    {
        if (scores.IsEmpty)
        {
            throw new ArgumentException("softmax needs at least one score", nameof(scores));
        }
        if (!(temperature > 0) || !double.IsFinite(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be a finite number above 0");
        }
        var max = double.NegativeInfinity;
        foreach (var score in scores)
        {
            if (!double.IsFinite(score))
            {
                throw new ArgumentException($"scores must be finite, got {score}", nameof(scores));
            }
            max = Math.Max(max, score);
        }
        var result = new double[scores.Length];
        var sum = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            result[i] = Math.Exp((scores[i] - max) / temperature);
            sum += result[i];
        }
        for (var i = 0; i < result.Length; i++)
        {
            result[i] /= sum;
        }
        return result;
    }
}
