using Recommender.Ranking.Features;
using Recommender.Ranking.Model;
using Recommender.Ranking.Tests.Infrastructure;

namespace Recommender.Ranking.Tests;

public sealed class ScoringTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Score_is_bias_plus_standardised_terms_by_hand()
    {
        // interest 0.75 → (0.75 − 0.5) / 0.25 = 1 → 2·1 = 2; covisitation absent → missing weight −0.3;
        // popularity 0.001 → log(1 + 1000·0.001) = ln 2 → 0.5·ln 2.
        var x = FeatureVector.Of((RankingFeature.InterestSimilarity, 0.75), (RankingFeature.Popularity, 0.001));
        var breakdown = TestModels.HandChecked.Explain(x);

        var expected = 0.5 + 2 - 0.3 + 0.5 * Math.Log(2);
        Assert.Equal(expected, breakdown.Score, Tolerance);
        Assert.Equal(expected, TestModels.HandChecked.Score(x), Tolerance);
        Assert.Equal(0.5, breakdown.Bias);
        Assert.Equal(3, breakdown.Parts.Count);
        var interest = Assert.Single(breakdown.Parts, p => p.Feature == RankingFeature.InterestSimilarity);
        Assert.Equal((false, 0.75, 2.0), (interest.Absent, interest.Value, interest.Weight));
        Assert.Equal(2, interest.Contribution, Tolerance);
        var missing = Assert.Single(breakdown.Parts, p => p.Feature == RankingFeature.Covisitation);
        Assert.True(missing.Absent);
        Assert.Equal("covisitation_absent", missing.Name);
        Assert.Equal(-0.3, missing.Contribution);
        var popularity = Assert.Single(breakdown.Parts, p => p.Feature == RankingFeature.Popularity);
        Assert.Equal(0.001, popularity.Value);
        Assert.Equal(0.5 * Math.Log(2), popularity.Contribution, Tolerance);
    }

    [Fact]
    public void Contributions_sum_to_score_minus_bias()
    {
        var random = new Random(3);
        var model = new RankingModel("sum", TrainingObjective.Softmax, bias: -1.25,
            RankingFeatures.All.Select(f => new FeatureWeight(f, random.NextDouble() * 4 - 2, random.NextDouble(), 0.1 + random.NextDouble(), random.NextDouble() - 0.5)));
        for (var trial = 0; trial < 200; trial++)
        {
            var x = new FeatureVector();
            foreach (var feature in RankingFeatures.All)
            {
                x[feature] = random.NextDouble() < 0.3 ? null : random.NextDouble();
            }
            var breakdown = model.Explain(x);
            Assert.Equal(breakdown.Score - breakdown.Bias, breakdown.Parts.Sum(p => p.Contribution), 1e-9);
            Assert.Equal(model.Score(x), breakdown.Score);
        }
    }

    [Fact]
    public void Absent_feature_is_not_scored_as_zero()
    {
        var absent = FeatureVector.Of((RankingFeature.InterestSimilarity, 0.5));
        var zero = FeatureVector.Of((RankingFeature.InterestSimilarity, 0.5), (RankingFeature.Covisitation, 0));

        // Co-visitation 0 is a known value at the training mean here (contribution 0); absent adds only the missing weight.
        Assert.Equal(0.5 - 0.3, TestModels.HandChecked.Score(absent), Tolerance);
        Assert.Equal(0.5, TestModels.HandChecked.Score(zero), Tolerance);
        Assert.Equal([RankingFeature.OverallSimilarity, RankingFeature.CategoryInterest, RankingFeature.Covisitation, RankingFeature.Popularity, RankingFeature.Freshness,
            RankingFeature.HistorySimilarity], absent.Missing);
    }

    [Fact]
    public void Absent_feature_without_missing_weight_contributes_nothing_and_has_no_part()
    {
        var breakdown = TestModels.HandChecked.Explain(FeatureVector.Of((RankingFeature.Covisitation, 0)));
        Assert.Equal(0.5, breakdown.Score, Tolerance);
        Assert.DoesNotContain(breakdown.Parts, p => p.Feature is RankingFeature.InterestSimilarity or RankingFeature.Popularity);
    }

    [Fact]
    public void Features_outside_the_model_are_ignored()
    {
        var x = FeatureVector.Of((RankingFeature.Freshness, 1), (RankingFeature.OverallSimilarity, 0.9), (RankingFeature.Covisitation, 0));
        Assert.Equal(0.5, TestModels.HandChecked.Score(x), Tolerance);
        Assert.Null(TestModels.HandChecked.WeightOf(RankingFeature.Freshness));
    }

    [Fact]
    public void Transforms_compress_heavy_tailed_signals()
    {
        Assert.Equal(Math.Log(3), RankingFeatures.Transform(RankingFeature.Covisitation, 2), Tolerance);
        Assert.Equal(Math.Log(501), RankingFeatures.Transform(RankingFeature.Popularity, 0.5), Tolerance);
        Assert.Equal(0.42, RankingFeatures.Transform(RankingFeature.CategoryInterest, 0.42));
    }

    [Fact]
    public void Model_rejects_invalid_parameters()
    {
        Assert.Contains("stdDev", Assert.Throws<ArgumentException>(() =>
            new RankingModel("v", null, 0, [new FeatureWeight(RankingFeature.Popularity, 1, 0, 0)])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() =>
            new RankingModel("v", null, 0, [new FeatureWeight(RankingFeature.Popularity, 1, 0, 1), new FeatureWeight(RankingFeature.Popularity, 1, 0, 1)])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() =>
            new RankingModel("v", null, 0, [new FeatureWeight(RankingFeature.Popularity, double.NaN, 0, 1)])).Message);
        Assert.Contains("version", Assert.Throws<ArgumentException>(() => new RankingModel(" ", null, 0, [])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeatureVector()[RankingFeature.Popularity] = double.NaN);
    }
}
