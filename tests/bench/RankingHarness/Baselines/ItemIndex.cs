namespace Recommender.Bench.RankingHarness.Baselines;

/// <summary>Dense indices of the catalog's items, shared by the baselines.</summary>
public sealed class ItemIndex
{
    private readonly Dictionary<string, int> _index;

    public ItemIndex(IEnumerable<string> ids)
    {
        Ids = ids.ToList();
        _index = Ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Ids { get; }

    public int Count => Ids.Count;

    public int this[string id] => _index[id];

    public bool Contains(string id) => _index.ContainsKey(id);
}
