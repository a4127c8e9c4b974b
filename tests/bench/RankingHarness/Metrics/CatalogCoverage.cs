namespace Recommender.Bench.RankingHarness.Metrics;

/// <summary>Catalog coverage: distinct items recommended to anyone / catalog size.</summary>
public sealed class CatalogCoverage(int catalogSize)
{
    private readonly HashSet<string> _recommended = new(StringComparer.Ordinal);

    public void Add(IEnumerable<string> list) => _recommended.UnionWith(list);

    public int Distinct => _recommended.Count;

    public double Value => catalogSize == 0 ? 0 : (double)_recommended.Count / catalogSize;
}
