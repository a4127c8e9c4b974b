namespace Recommender.Bench.RankingHarness.Baselines;

/// <summary>The most-rated items in the training histories.</summary>
public sealed class PopularityBaseline : IBaseline
{
    private readonly ItemIndex _items;
    private readonly float[] _counts;

    public PopularityBaseline(ItemIndex items, IEnumerable<IReadOnlyList<int>> histories)
    {
        _items = items;
        _counts = new float[items.Count];
        foreach (var history in histories)
        {
            foreach (var item in history)
            {
                _counts[item]++;
            }
        }
    }

    public string Name => "popularity";

    public IReadOnlyList<string> Recommend(IReadOnlyList<int> history, IReadOnlySet<int> excluded, int k) =>
        TopScores.Select(_counts, _items, excluded, k);
}
