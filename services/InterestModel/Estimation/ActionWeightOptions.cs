namespace Recommender.InterestModel.Estimation;

/// <summary>
/// How much each action says about interest. Only the ratios matter for the estimate's shape; the estimator rescales
/// weights to an effective number of events (see <c>README</c>, "effective evidence"), so doubling every weight changes
/// nothing.
/// </summary>
public sealed class ActionWeightOptions
{
    /// <summary>Weight of a view. Default 1.</summary>
    public double View { get; set; } = 1.0;

    /// <summary>Weight of a click. Default 1.5.</summary>
    public double Click { get; set; } = 1.5;

    /// <summary>Weight of putting an item in the cart. Default 3.</summary>
    public double Cart { get; set; } = 3.0;

    /// <summary>Weight of a purchase. Default 5.</summary>
    public double Purchase { get; set; } = 5.0;

    /// <summary>Lowest allowed rating value. Default 0.5 (the contract's range is [0.5, 5]; an unset proto rating of 0 is then rejected).</summary>
    public double RatingMin { get; set; } = 0.5;

    /// <summary>Highest allowed rating value. Default 5.</summary>
    public double RatingMax { get; set; } = 5.0;

    /// <summary>Weight of a rating equal to <see cref="RatingMin"/>. Default 0.25 (the user consumed it but disliked it).</summary>
    public double RatingWeightAtMin { get; set; } = 0.25;

    /// <summary>Weight of a rating equal to <see cref="RatingMax"/>; values in between are linear. Default 2.</summary>
    public double RatingWeightAtMax { get; set; } = 2.0;

    internal void Validate()
    {
        foreach (var (name, value) in new[] { ("View", View), ("Click", Click), ("Cart", Cart), ("Purchase", Purchase),
                     ("RatingWeightAtMin", RatingWeightAtMin), ("RatingWeightAtMax", RatingWeightAtMax) })
        {
            if (!(value > 0) || double.IsInfinity(value))
            {
                throw new ArgumentException($"ActionWeights.{name} must be a positive finite number, got {value}");
            }
        }
        if (!(RatingMax > RatingMin) || !double.IsFinite(RatingMin) || !double.IsFinite(RatingMax))
        {
            throw new ArgumentException($"ActionWeights.RatingMax ({RatingMax}) must be finite and above RatingMin ({RatingMin})");
        }
    }
}
