using Recommender.Ranking.Features;
using Recommender.Ranking.Model;

namespace Recommender.Ranking.Tests.Infrastructure;

internal static class TestModels
{
    /// <summary>Weights chosen so standardised values are easy to check by hand.</summary>
    public static RankingModel HandChecked { get; } = new("test-1", TrainingObjective.Logistic, bias: 0.5,
    [
        new FeatureWeight(RankingFeature.InterestSimilarity, Weight: 2, Mean: 0.5, StdDev: 0.25),
        new FeatureWeight(RankingFeature.Covisitation, Weight: 1, Mean: 0, StdDev: 1, MissingWeight: -0.3),
        new FeatureWeight(RankingFeature.Popularity, Weight: 0.5, Mean: 0, StdDev: 1),
    ]);
}
