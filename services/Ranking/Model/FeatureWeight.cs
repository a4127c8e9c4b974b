using Recommender.Ranking.Features;

namespace Recommender.Ranking.Model;

/// <summary>
/// One feature's parameters. A present value x adds <c>Weight · (Transform(x) − Mean) / StdDev</c> to
/// the score; an absent one adds <c>MissingWeight</c> (its standardised value is imputed as 0, the
/// training mean, so absence alone moves the score only by the learned missing weight).
/// </summary>
public sealed record FeatureWeight(RankingFeature Feature, double Weight, double Mean, double StdDev, double MissingWeight = 0);
