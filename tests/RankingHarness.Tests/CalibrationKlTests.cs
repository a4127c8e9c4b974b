using Recommender.Bench.RankingHarness.Metrics;

namespace Recommender.Bench.RankingHarness.Tests;

public sealed class CalibrationKlTests
{
    [Fact]
    public void Identical_distributions_diverge_by_zero()
    {
        var p = new Dictionary<string, double> { ["Drama"] = 0.7, ["Comedy"] = 0.3 };
        Assert.Equal(0.0, CalibrationKl.Divergence(p, p), 12);
    }

    [Fact]
    public void Alpha_mixes_p_into_q_so_a_missing_genre_costs_a_finite_amount()
    {
        var p = new Dictionary<string, double> { ["Drama"] = 0.5, ["Comedy"] = 0.5 };
        var q = new Dictionary<string, double> { ["Drama"] = 1.0 };
        // q̃(Drama) = 0.99 · 1 + 0.01 · 0.5 = 0.995; q̃(Comedy) = 0.99 · 0 + 0.01 · 0.5 = 0.005
        // KL = 0.5 ln(0.5 / 0.995) + 0.5 ln(0.5 / 0.005) = −0.34408 + 2.30259 = 1.95850
        Assert.Equal(0.5 * Math.Log(0.5 / 0.995) + 0.5 * Math.Log(100), CalibrationKl.Divergence(p, q, 0.01), 12);
        Assert.Equal(1.9585, CalibrationKl.Divergence(p, q, 0.01), 4);
    }

    [Fact]
    public void Genres_only_in_the_list_do_not_count_in_the_sum_but_dilute_q()
    {
        var p = new Dictionary<string, double> { ["Drama"] = 1.0 };
        var q = new Dictionary<string, double> { ["Drama"] = 0.5, ["Horror"] = 0.5 };
        // q̃(Drama) = 0.99 · 0.5 + 0.01 · 1 = 0.505; KL = ln(1 / 0.505)
        Assert.Equal(Math.Log(1 / 0.505), CalibrationKl.Divergence(p, q), 12);
    }

    [Fact]
    public void Alpha_outside_zero_to_one_is_refused()
    {
        var p = new Dictionary<string, double> { ["Drama"] = 1.0 };
        Assert.Throws<ArgumentOutOfRangeException>(() => CalibrationKl.Divergence(p, p, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CalibrationKl.Divergence(p, p, 1.5));
    }

    [Fact]
    public void Genre_distribution_spreads_each_item_evenly_over_its_genres()
    {
        IReadOnlyList<string>[] items = [["Drama"], ["Drama", "Comedy"], []];
        var distribution = GenreDistribution.Of(items);
        // Two items with genres: Drama 1 + 0.5, Comedy 0.5, over 2 items; the genre-less item does not count.
        Assert.Equal(0.75, distribution["Drama"], 12);
        Assert.Equal(0.25, distribution["Comedy"], 12);
        Assert.Equal(2, distribution.Count);
    }
}
