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
        // Three users rated a; one rated b: a is the least novel.
        var novelty = new Novelty([["a"], ["a"], ["a", "b"]]);
        var context = new ListContext(_ => vector, user, _ => ["Drama"], user, _ => ["Drama"], novelty);
        // User 1: held-out at position 2 (HR 1, NDCG 1/log2 3, RR 1/2); user 2: missed (0, 0, 0).
        scores.Add("u1", ["a", "b"], "b", context);
        scores.Add("u2", ["c", "d"], "z", context);
        Assert.Equal(2, scores.Users);
        Assert.Equal(0.5, scores.HitRate10.Mean, 12);
        Assert.Equal(0.5 / Math.Log2(3), scores.Ndcg10.Mean, 12);
        Assert.Equal(0.05, scores.Precision10.Mean, 12);
        Assert.Equal(0.25, scores.Mrr.Mean, 12);
        Assert.Equal(0.5, scores.Recall20.Mean, 12);
        Assert.Equal(0.0, scores.CalibrationKl.Mean, 12);
        Assert.Equal(0.0, scores.CategoryKl.Mean, 12);
        Assert.Equal(0.0, scores.Diversity.Mean, 6);
        Assert.Equal(1.0, scores.Coverage, 12);
        // Self-information with add-one smoothing over 3 users: a 4/4 → 0 bits, b 2/4 → 1 bit, c and d 1/4 → 2 bits.
        Assert.Equal((0.5 * (0 + 1) + 0.5 * (2 + 2)) / 2, scores.Novelty.Mean, 12);
    }

    [Fact]
    public void Fold_spread_is_the_deviation_of_the_fold_means()
    {
        var spread = new FoldSpread(folds: 2);
        var users = Enumerable.Range(0, 200).Select(i => $"user-{i}").ToList();
        foreach (var id in users)
        {
            spread.Add(id, FoldSpread.FoldOf(id, 2) == 0 ? 1.0 : 0.0);
        }
        var inFirst = users.Count(id => FoldSpread.FoldOf(id, 2) == 0);
        Assert.Equal((double)inFirst / users.Count, spread.Mean, 12);
        Assert.Equal(Math.Sqrt(0.5), spread.StdDev, 12); // fold means 1 and 0
    }
}
