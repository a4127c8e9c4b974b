using Recommender.Ranking.Reranking;

namespace Recommender.Ranking.Tests;

public sealed class SoftmaxTests
{
    [Fact]
    public void Known_values_at_temperature_one()
    {
        var p = Softmax.Probabilities([0, Math.Log(2), Math.Log(3)], 1);
        Assert.Equal(1.0 / 6, p[0], 1e-12);
        Assert.Equal(2.0 / 6, p[1], 1e-12);
        Assert.Equal(3.0 / 6, p[2], 1e-12);
    }

    [Fact]
    public void Temperature_divides_the_scores()
    {
        // T = 2: exp(s / 2) = 1, √2, √3.
        var p = Softmax.Probabilities([0, Math.Log(2), Math.Log(3)], 2);
        var sum = 1 + Math.Sqrt(2) + Math.Sqrt(3);
        Assert.Equal(1 / sum, p[0], 1e-12);
        Assert.Equal(Math.Sqrt(2) / sum, p[1], 1e-12);
        Assert.Equal(Math.Sqrt(3) / sum, p[2], 1e-12);
    }

    [Fact]
    public void Higher_temperature_flattens_lower_sharpens()
    {
        double[] scores = [1, 2, 4];
        var cold = Softmax.Probabilities(scores, 0.1);
        var warm = Softmax.Probabilities(scores, 1);
        var hot = Softmax.Probabilities(scores, 100);
        Assert.True(cold[2] > warm[2] && warm[2] > hot[2]);
        Assert.True(cold[2] > 0.999999);
        Assert.All(hot, p => Assert.Equal(1.0 / 3, p, 0.01));
    }

    [Fact]
    public void Stable_for_large_scores()
    {
        var p = Softmax.Probabilities([1000, 1000 + Math.Log(3), -1000], 1);
        Assert.Equal(0.25, p[0], 1e-12);
        Assert.Equal(0.75, p[1], 1e-12);
        Assert.Equal(0, p[2], 1e-300);
        Assert.All(Softmax.Probabilities([1e300, -1e300], 0.001), v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Sums_to_one_and_keeps_order()
    {
        var scores = Enumerable.Range(0, 500).Select(i => Math.Sin(i) * 5).ToArray();
        var p = Softmax.Probabilities(scores, 0.7);
        Assert.Equal(1, p.Sum(), 1e-12);
        for (var i = 1; i < scores.Length; i++)
        {
            Assert.Equal(scores[i] > scores[0], p[i] > p[0]);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Rejects_bad_temperatures(double temperature) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Softmax.Probabilities([1, 2], temperature));
}
