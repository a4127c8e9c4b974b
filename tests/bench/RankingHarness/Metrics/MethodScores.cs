namespace Recommender.Bench.RankingHarness.Metrics;

/// <summary>
/// One method's metrics, accumulated user by user: means over users, each with its spread over disjoint folds of
/// users (<see cref="FoldSpread"/>); coverage over the catalog.
/// </summary>
public sealed class MethodScores(string name, int catalogSize, int folds = 5)
{
    private readonly CatalogCoverage _coverage = new(catalogSize);

    public string Name { get; } = name;

    public int Users { get; private set; }

    public FoldSpread HitRate10 { get; } = new(folds);

    public FoldSpread Ndcg10 { get; } = new(folds);

    public FoldSpread Precision10 { get; } = new(folds);

    /// <summary>Mean reciprocal rank within the list of 20.</summary>
    public FoldSpread Mrr { get; } = new(folds);

    public FoldSpread Recall20 { get; } = new(folds);

    /// <summary>Mean self-information of the top 10.</summary>
    public FoldSpread Novelty { get; } = new(folds);

    public FoldSpread Diversity { get; } = new(folds);

    public FoldSpread CalibrationKl { get; } = new(folds);

    /// <summary>The same divergence over top-level categories (what ranking's calibration targets), not genres.</summary>
    public FoldSpread CategoryKl { get; } = new(folds);

    public double Coverage => _coverage.Value;

    /// <summary>Adds one user's list (at least 20 long when the catalog allows) for the held-out item.</summary>
    /// <param name="userId">The user (sets the fold).</param>
    /// <param name="ranked">The recommendations, best first.</param>
    /// <param name="heldOut">The user's held-out item.</param>
    /// <param name="context">Item vectors, genres, categories and popularity; the user's distributions.</param>
    public void Add(string userId, IReadOnlyList<string> ranked, string heldOut, ListContext context)
    {
        var top10 = ranked.Take(10).ToList();
        HitRate10.Add(userId, HitRate.At(ranked, heldOut, 10));
        Ndcg10.Add(userId, Ndcg.At(ranked, heldOut, 10));
        Precision10.Add(userId, Precision.At(ranked, new HashSet<string> { heldOut }, 10));
        Mrr.Add(userId, ReciprocalRank.Of(ranked.Take(20).ToList(), heldOut));
        Recall20.Add(userId, Recall.At(ranked, new HashSet<string> { heldOut }, 20));
        Novelty.Add(userId, context.Novelty.Of(top10));
        Diversity.Add(userId, IntraListDiversity.Of(top10.Select(context.VectorOf).ToList()));
        CalibrationKl.Add(userId, Metrics.CalibrationKl.Divergence(context.UserGenres, GenreDistribution.Of(top10.Select(context.GenresOf))));
        CategoryKl.Add(userId, Metrics.CalibrationKl.Divergence(context.UserCategories, GenreDistribution.Of(top10.Select(context.CategoryOf))));
        _coverage.Add(top10);
        Users++;
    }
}

/// <summary>What the list metrics need besides the list: item data and the user's distributions.</summary>
public sealed record ListContext(
    Func<string, float[]> VectorOf,
    IReadOnlyDictionary<string, double> UserGenres,
    Func<string, IReadOnlyList<string>> GenresOf,
    IReadOnlyDictionary<string, double> UserCategories,
    Func<string, IReadOnlyList<string>> CategoryOf,
    Novelty Novelty);
