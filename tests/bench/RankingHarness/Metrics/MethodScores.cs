namespace Recommender.Bench.RankingHarness.Metrics;

/// <summary>One method's metrics, accumulated user by user (means over users; coverage over the catalog).</summary>
public sealed class MethodScores(string name, int catalogSize)
{
    private readonly CatalogCoverage _coverage = new(catalogSize);
    private double _hr10;
    private double _ndcg10;
    private double _recall20;
    private double _diversity;
    private double _kl;
    private double _categoryKl;

    public string Name { get; } = name;

    public int Users { get; private set; }

    public double HitRate10 => Mean(_hr10);

    public double Ndcg10 => Mean(_ndcg10);

    public double Recall20 => Mean(_recall20);

    public double Diversity => Mean(_diversity);

    public double CalibrationKl => Mean(_kl);

    /// <summary>The same divergence over top-level categories (what ranking's calibration targets), not genres.</summary>
    public double CategoryKl => Mean(_categoryKl);

    public double Coverage => _coverage.Value;

    /// <summary>Adds one user's list (at least 20 long when the catalog allows) for the held-out item.</summary>
    /// <param name="ranked">The recommendations, best first.</param>
    /// <param name="heldOut">The user's held-out item.</param>
    /// <param name="vectorOf">Item vectors, for diversity of the first 10.</param>
    /// <param name="userGenres">The user's genre distribution p.</param>
    /// <param name="genresOf">Item genres, for the first 10's distribution q.</param>
    /// <param name="userCategories">The user's top-level category distribution.</param>
    /// <param name="categoryOf">An item's top-level category (as a one-element list).</param>
    public void Add(IReadOnlyList<string> ranked, string heldOut, Func<string, float[]> vectorOf,
        IReadOnlyDictionary<string, double> userGenres, Func<string, IReadOnlyList<string>> genresOf,
        IReadOnlyDictionary<string, double> userCategories, Func<string, IReadOnlyList<string>> categoryOf)
    {
        var top10 = ranked.Take(10).ToList();
        _hr10 += HitRate.At(ranked, heldOut, 10);
        _ndcg10 += Ndcg.At(ranked, heldOut, 10);
        _recall20 += Recall.At(ranked, new HashSet<string> { heldOut }, 20);
        _diversity += IntraListDiversity.Of(top10.Select(vectorOf).ToList());
        _kl += Metrics.CalibrationKl.Divergence(userGenres, GenreDistribution.Of(top10.Select(genresOf)));
        _categoryKl += Metrics.CalibrationKl.Divergence(userCategories, GenreDistribution.Of(top10.Select(categoryOf)));
        _coverage.Add(top10);
        Users++;
    }

    private double Mean(double sum) => Users == 0 ? 0 : sum / Users;
}
