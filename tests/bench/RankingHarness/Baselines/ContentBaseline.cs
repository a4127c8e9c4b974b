using System.Numerics.Tensors;

namespace Recommender.Bench.RankingHarness.Baselines;

/// <summary>Content only: cosine of each item's encoder vector to the mean of the unit vectors of the user's history.</summary>
public sealed class ContentBaseline : IBaseline
{
    private readonly ItemIndex _items;
    private readonly float[][] _unitVectors;

    public ContentBaseline(ItemIndex items, IReadOnlyList<float[]> vectors)
    {
        _items = items;
        _unitVectors = vectors.Select(v =>
        {
            var unit = v.ToArray();
            var norm = TensorPrimitives.Norm(unit);
            if (norm > 0)
            {
                TensorPrimitives.Divide(unit, norm, unit);
            }
            return unit;
        }).ToArray();
    }

    public string Name => "content (encoder similarity)";

    public IReadOnlyList<string> Recommend(IReadOnlyList<int> history, IReadOnlySet<int> excluded, int k)
    {
        var dimension = _unitVectors[0].Length;
        var profile = new float[dimension];
        foreach (var item in history.Distinct())
        {
            TensorPrimitives.Add(profile, _unitVectors[item], profile);
        }
        var scores = new float[_items.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = TensorPrimitives.Dot(profile, _unitVectors[i]);
        }
        return TopScores.Select(scores, _items, excluded, k);
    }
}
