using System.Numerics.Tensors;

namespace Recommender.Bench.RankingHarness.Baselines;

/// <summary>
/// Item-kNN on co-visitation: C[i,j] = users whose training history holds both i and j; similarity
/// C[i,j] / sqrt(C[i,i] · C[j,j]) (cosine of the items' user columns); a user's score for j is the sum
/// of j's similarities to the items of the history. Dense n×n floats (about 330 MB for MovieLens small).
/// </summary>
public sealed class ItemKnnBaseline : IBaseline
{
    private readonly ItemIndex _items;
    private readonly float[] _similarity;

    public ItemKnnBaseline(ItemIndex items, IEnumerable<IReadOnlyList<int>> histories)
    {
        _items = items;
        var n = items.Count;
        _similarity = new float[(long)n * n];
        foreach (var history in histories)
        {
            var distinct = history.Distinct().ToArray();
            foreach (var a in distinct)
            {
                var row = (long)a * n;
                foreach (var b in distinct)
                {
                    _similarity[row + b]++;
                }
            }
        }
        var diagonal = new float[n];
        for (var i = 0; i < n; i++)
        {
            diagonal[i] = _similarity[(long)i * n + i];
        }
        for (var i = 0; i < n; i++)
        {
            var row = _similarity.AsSpan((int)((long)i * n), n);
            for (var j = 0; j < n; j++)
            {
                row[j] = i == j || row[j] == 0 ? 0 : row[j] / MathF.Sqrt(diagonal[i] * diagonal[j]);
            }
        }
    }

    public string Name => "item-kNN (co-visitation)";

    public IReadOnlyList<string> Recommend(IReadOnlyList<int> history, IReadOnlySet<int> excluded, int k)
    {
        var n = _items.Count;
        var scores = new float[n];
        foreach (var item in history.Distinct())
        {
            TensorPrimitives.Add(scores, _similarity.AsSpan((int)((long)item * n), n), scores);
        }
        return TopScores.Select(scores, _items, excluded, k);
    }
}
