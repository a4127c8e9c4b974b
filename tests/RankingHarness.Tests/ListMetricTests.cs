using Recommender.Bench.RankingHarness.Metrics;

namespace Recommender.Bench.RankingHarness.Tests;

public sealed class ListMetricTests
{
    [Fact]
    public void Diversity_is_the_mean_pairwise_one_minus_cosine()
    {
        float[] x = [1, 0];
        float[] y = [0, 1];
        float[] xy = [1, 1];
        // Pairs: (x, y) 1 − 0 = 1; (x, xy) 1 − 1/√2; (y, xy) 1 − 1/√2. Mean = (3 − √2) / 3 = 0.52860
        Assert.Equal((3 - Math.Sqrt(2)) / 3, IntraListDiversity.Of([x, y, xy]), 6);
    }

    [Fact]
    public void Diversity_of_identical_items_or_a_single_item_is_zero_and_opposite_items_two()
    {
        float[] v = [0.6f, 0.8f];
        Assert.Equal(0.0, IntraListDiversity.Of([v, v, v]), 6);
        Assert.Equal(0.0, IntraListDiversity.Of([v]), 6);
        Assert.Equal(2.0, IntraListDiversity.Of([v, [-0.6f, -0.8f]]), 6);
    }

    [Fact]
    public void Coverage_counts_distinct_items_over_the_catalog()
    {
        var coverage = new CatalogCoverage(catalogSize: 8);
        coverage.Add(["a", "b", "c"]);
        coverage.Add(["b", "c", "d"]);
        Assert.Equal(4, coverage.Distinct);
        Assert.Equal(0.5, coverage.Value, 12);
    }

    [Fact]
    public void Method_scores_average_over_users()
    {
        var scores = new MethodScores("m", catalogSize: 4);
        var user = new Dictionary<string, double> { ["Drama"] = 1.0 };
        float[] vector = [1, 0];
        // User 1: held-out at position 2 (HR 1, NDCG 1/log2 3); user 2: missed (0, 0).
        scores.Add(["a", "b"], "b", _ => vector, user, _ => ["Drama"], user, _ => ["Drama"]);
        scores.Add(["c", "d"], "z", _ => vector, user, _ => ["Drama"], user, _ => ["Drama"]);
        Assert.Equal(2, scores.Users);
        Assert.Equal(0.5, scores.HitRate10, 12);
        Assert.Equal(0.5 / Math.Log2(3), scores.Ndcg10, 12);
        Assert.Equal(0.5, scores.Recall20, 12);
        Assert.Equal(0.0, scores.CalibrationKl, 12);
        Assert.Equal(0.0, scores.CategoryKl, 12);
        Assert.Equal(0.0, scores.Diversity, 6);
        Assert.Equal(1.0, scores.Coverage, 12);
    }
}
