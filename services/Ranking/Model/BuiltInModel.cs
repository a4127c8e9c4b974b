using Recommender.Ranking.Features;

namespace Recommender.Ranking.Model;

/// <summary>
/// Hand-set weights used when no weights file is present: every signal counts positively, the
/// retrieving interest most, with standardisation statistics of typical values (cosines around
/// 0.5, a category probability around 0.1, co-visitation and popularity after their log transforms).
/// </summary>
public static class BuiltInModel
{
    /// <summary>The version string reported while the built-in weights are in use.</summary>
    public const string Version = "builtin-1";

    /// <summary>The built-in model.</summary>
    public static RankingModel Instance { get; } = new(Version, objective: null, bias: 0,
    [
        new FeatureWeight(RankingFeature.InterestSimilarity, Weight: 1.0, Mean: 0.5, StdDev: 0.15),
        new FeatureWeight(RankingFeature.OverallSimilarity, Weight: 0.5, Mean: 0.5, StdDev: 0.15),
        new FeatureWeight(RankingFeature.CategoryInterest, Weight: 0.6, Mean: 0.1, StdDev: 0.1),
        new FeatureWeight(RankingFeature.Covisitation, Weight: 0.8, Mean: 0.3, StdDev: 0.5),
        new FeatureWeight(RankingFeature.Popularity, Weight: 0.5, Mean: 2.0, StdDev: 1.5),
        new FeatureWeight(RankingFeature.Freshness, Weight: 0.2, Mean: 0.2, StdDev: 0.3),
        new FeatureWeight(RankingFeature.HistorySimilarity, Weight: 0.5, Mean: 0.6, StdDev: 0.15),
    ]);
}
