using Recommender.Ranking.Features;

namespace Recommender.Ranking.Model;

/// <summary>One term of a score.</summary>
/// <param name="Feature">The feature.</param>
/// <param name="Absent">True for the missing-indicator term of an absent feature.</param>
/// <param name="Value">The raw feature value (1 for a missing indicator).</param>
/// <param name="Weight">The weight on the standardised value (the missing weight for an indicator).</param>
/// <param name="Contribution">What the term adds to the score.</param>
public sealed record ScorePart(RankingFeature Feature, bool Absent, double Value, double Weight, double Contribution)
{
    /// <summary>The name shown in contributions: the feature's name, with "_absent" for a missing indicator.</summary>
    public string Name => Absent ? RankingFeatures.Name(Feature) + "_absent" : RankingFeatures.Name(Feature);
}

/// <summary>A score and its terms: <c>Score = Bias + Σ Parts.Contribution</c>.</summary>
public sealed record ScoreBreakdown(double Score, double Bias, IReadOnlyList<ScorePart> Parts)
{
    /// <summary>The contribution of a present feature, or null when it was absent or not in the model.</summary>
    public double? ContributionOf(RankingFeature feature)
    {
        foreach (var part in Parts)
        {
            if (part.Feature == feature && !part.Absent)
            {
                return part.Contribution;
            }
        }
        return null;
    }
}
