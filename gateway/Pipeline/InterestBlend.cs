using Recommender.Contracts.V1;

namespace Recommender.Pipeline;

/// <summary>
/// The interest distribution Recommend works with: long-term and short-term blended by the drift
/// evidence. The interest model's drift score is ln of the Bayes factor of "the recent events come
/// from a new distribution" against "they do not", and its threshold τ the log prior odds against a
/// change, so σ(score − τ) is the posterior probability of a change. The short-term weight is that
/// probability lifted to a floor: w = floor + (1 − floor) · σ(score − τ). A stable user keeps mostly the
/// long-term view; a user whose recent events come from somewhere new gets mostly the new one.
/// </summary>
public sealed class InterestBlend
{
    private readonly Dictionary<string, double> _probability = new(StringComparer.Ordinal);

    private InterestBlend(InterestMix mix)
    {
        Mix = mix;
    }

    /// <summary>What the answer reports.</summary>
    public InterestMix Mix { get; }

    /// <summary>The blended probability of a category node (0 when neither distribution has it).</summary>
    public double ProbabilityOf(string categoryPath) => _probability.GetValueOrDefault(categoryPath);

    /// <summary>Every node of either distribution with its blended probability.</summary>
    public IEnumerable<CategoryProbability> Nodes() =>
        _probability.Select(p => new CategoryProbability { CategoryPath = p.Key, Probability = p.Value });

    public static InterestBlend Of(InterestProfile profile, InterestHorizon horizon, double shortTermFloor)
    {
        var drift = profile.Drift ?? new Drift();
        var weight = horizon switch
        {
            InterestHorizon.LongTerm => 0,
            InterestHorizon.ShortTerm => 1,
            _ => ShortTermWeight(drift.Score, drift.Threshold, shortTermFloor),
        };
        if (profile.ShortTerm is not { Nodes.Count: > 0 })
        {
            weight = 0; // nothing recent to blend in
        }
        var blend = new InterestBlend(new InterestMix { Horizon = horizon, ShortTermWeight = weight, DriftScore = drift.Score, DriftThreshold = drift.Threshold });
        foreach (var node in profile.LongTerm?.Nodes ?? [])
        {
            blend._probability[node.CategoryPath] = (1 - weight) * node.Probability;
        }
        foreach (var node in profile.ShortTerm?.Nodes ?? [])
        {
            blend._probability[node.CategoryPath] = blend._probability.GetValueOrDefault(node.CategoryPath) + weight * node.Probability;
        }
        return blend;
    }

    /// <summary>floor + (1 − floor) · σ(score − threshold).</summary>
    public static double ShortTermWeight(double driftScore, double threshold, double floor)
    {
        var change = 1 / (1 + Math.Exp(-(driftScore - threshold)));
        return floor + (1 - floor) * change;
    }
}
