using System.Numerics.Tensors;

namespace Recommender.Bench.RankingHarness.Metrics;

/// <summary>Intra-list diversity: the mean over pairs of 1 − cosine of the item vectors (0 for a list of identical items, 1 for orthogonal ones).</summary>
public static class IntraListDiversity
{
    public static double Of(IReadOnlyList<float[]> vectors)
    {
        if (vectors.Count < 2)
        {
            return 0;
        }
        var sum = 0.0;
        var pairs = 0;
        for (var i = 0; i < vectors.Count; i++)
        {
            for (var j = i + 1; j < vectors.Count; j++)
            {
                sum += 1 - TensorPrimitives.CosineSimilarity(vectors[i], vectors[j]);
                pairs++;
            }
        }
        return sum / pairs;
    }
}
