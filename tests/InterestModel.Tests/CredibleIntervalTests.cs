using Recommender.InterestModel.Estimation.Math;

namespace Recommender.InterestModel.Tests;

public sealed class CredibleIntervalTests
{
    // Closed form for integer shapes: I_x(2, 5) = 1 − (1 − x)^6 − 6x(1 − x)^5.
    private static double Beta25Cdf(double x) => 1 - Math.Pow(1 - x, 6) - 6 * x * Math.Pow(1 - x, 5);

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.35)]
    [InlineData(0.8)]
    public void Incomplete_beta_matches_the_closed_form(double x) =>
        Assert.Equal(Beta25Cdf(x), SpecialFunctions.RegularizedIncompleteBeta(2, 5, x), 1e-13);

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.5)]
    [InlineData(0.95)]
    public void Quantile_inverts_the_distribution_function(double p)
    {
        Assert.Equal(p, Beta25Cdf(new BetaDistribution(2, 5).Quantile(p)), 1e-9);
        Assert.Equal(p, new BetaDistribution(1, 1).Quantile(p), 1e-9);
        var small = new BetaDistribution(0.05, 3);
        Assert.Equal(p, SpecialFunctions.RegularizedIncompleteBeta(0.05, 3, small.Quantile(p)), 1e-7);
    }

    [Fact]
    public void Digamma_and_log_gamma_hit_known_values()
    {
        Assert.Equal(-0.5772156649015329, SpecialFunctions.Digamma(1), 1e-13);
        Assert.Equal(Math.Log(24), SpecialFunctions.LogGamma(5), 1e-13);
        Assert.Equal(0.5 * Math.Log(Math.PI), SpecialFunctions.LogGamma(0.5), 1e-13);
        Assert.Equal(Math.PI * Math.PI / 6, SpecialFunctions.Trigamma(1), 1e-12);
    }

    [Fact]
    public void Mean_and_log_mean_recover_a_single_beta_exactly()
    {
        var beta = BetaDistribution.FromMeanAndLogMean(3.0 / 7, SpecialFunctions.Digamma(3) - SpecialFunctions.Digamma(7))!.Value;
        Assert.Equal(3, beta.Alpha, 1e-6);
        Assert.Equal(4, beta.Beta, 1e-6);
        Assert.Null(BetaDistribution.FromMeanAndLogMean(0.3, Math.Log(0.3))); // no spread
    }

    [Theory]
    [InlineData(2.0, 6.0, 1.5, 2.5)]
    [InlineData(0.3, 4.0, 0.8, 1.2)]
    [InlineData(20.0, 30.0, 10.0, 5.0)]
    public void Interval_of_a_product_of_betas_matches_monte_carlo(double a1, double b1, double a2, double b2)
    {
        var mean = a1 / (a1 + b1) * (a2 / (a2 + b2));
        var logMean = SpecialFunctions.Digamma(a1) - SpecialFunctions.Digamma(a1 + b1) + SpecialFunctions.Digamma(a2) - SpecialFunctions.Digamma(a2 + b2);
        var matched = BetaDistribution.FromMeanAndLogMean(mean, logMean)!.Value;
        var sampler = new GammaSampler(17);
        var samples = Enumerable.Range(0, 200_000).Select(_ => sampler.NextBeta(a1, b1) * sampler.NextBeta(a2, b2)).Order().ToArray();
        // The matched interval holds close to 90% of the exact distribution's mass.
        var lower = matched.Quantile(0.05);
        var upper = matched.Quantile(0.95);
        var inside = samples.Count(x => x >= lower && x <= upper) / (double)samples.Length;
        Assert.InRange(inside, 0.87, 0.93);
        Assert.Equal(samples.Average(), mean, 0.01 * mean + 1e-4);
    }

    [Fact]
    public void A_beta_interval_covers_ninety_percent_of_draws()
    {
        var beta = new BetaDistribution(1.7, 8.2);
        var (lower, upper) = (beta.Quantile(0.05), beta.Quantile(0.95));
        var sampler = new GammaSampler(23);
        var inside = Enumerable.Range(0, 50_000).Select(_ => sampler.NextBeta(1.7, 8.2)).Count(x => x >= lower && x <= upper) / 50_000.0;
        Assert.Equal(0.9, inside, 0.01);
    }
}
