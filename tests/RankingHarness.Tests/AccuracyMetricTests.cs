using Recommender.Bench.RankingHarness.Metrics;

namespace Recommender.Bench.RankingHarness.Tests;

public sealed class AccuracyMetricTests
{
    private static readonly string[] Ranked = ["a", "b", "c", "d", "e"];

    [Theory]
    [InlineData("a", 1, 1.0)]
    [InlineData("c", 3, 1.0)]
    [InlineData("c", 2, 0.0)]
    [InlineData("z", 5, 0.0)]
    public void Hit_rate_counts_the_held_out_item_within_k(string heldOut, int k, double expected) =>
        Assert.Equal(expected, HitRate.At(Ranked, heldOut, k));

    [Fact]
    public void Ndcg_is_one_over_log2_of_position_plus_one()
    {
        Assert.Equal(1.0, Ndcg.At(Ranked, "a", 10), 12);
        Assert.Equal(1 / Math.Log2(3), Ndcg.At(Ranked, "b", 10), 12); // 0.6309
        Assert.Equal(0.5, Ndcg.At(Ranked, "c", 10), 12);              // 1 / log2(4)
        Assert.Equal(0.0, Ndcg.At(Ranked, "d", 3), 12);               // position 4 is outside k = 3
        Assert.Equal(0.0, Ndcg.At(Ranked, "z", 10), 12);
    }

    [Fact]
    public void Recall_is_the_share_of_relevant_items_found()
    {
        Assert.Equal(0.5, Recall.At(Ranked, new HashSet<string> { "b", "z" }, 3), 12);
        Assert.Equal(1.0, Recall.At(Ranked, new HashSet<string> { "e" }, 20), 12);
        Assert.Equal(0.0, Recall.At(Ranked, new HashSet<string> { "e" }, 4), 12);
        Assert.Equal(2.0 / 3, Recall.At(Ranked, new HashSet<string> { "a", "d", "z" }, 5), 12);
    }

    [Fact]
    public void Metrics_refuse_k_below_one_and_recall_without_relevant_items()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HitRate.At(Ranked, "a", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ndcg.At(Ranked, "a", 0));
        Assert.Throws<ArgumentException>(() => Recall.At(Ranked, new HashSet<string>(), 5));
    }
}
