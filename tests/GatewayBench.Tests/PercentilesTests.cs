namespace Recommender.Bench.GatewayBench.Tests;

public sealed class PercentilesTests
{
    [Fact]
    public void Nearest_rank_on_one_to_one_hundred_gives_the_rank_itself()
    {
        var sorted = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        Assert.Equal(50, Percentiles.Of(sorted, 0.50));
        Assert.Equal(99, Percentiles.Of(sorted, 0.99));
        Assert.Equal(100, Percentiles.Of(sorted, 1.0));
        Assert.Equal(1, Percentiles.Of(sorted, 0.0));
    }

    [Fact]
    public void Small_samples_round_the_rank_up()
    {
        double[] sorted = [10, 20, 30];
        Assert.Equal(20, Percentiles.Of(sorted, 0.50));
        Assert.Equal(30, Percentiles.Of(sorted, 0.99));
        Assert.Equal(10, Percentiles.Of([10.0], 0.99));
    }

    [Fact]
    public void No_samples_is_nan_and_p_outside_zero_to_one_is_refused()
    {
        Assert.True(double.IsNaN(Percentiles.Of([], 0.5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Of([1.0], 1.5));
    }
}
