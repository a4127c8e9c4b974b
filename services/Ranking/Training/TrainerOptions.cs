using Recommender.Ranking.Features;
using Recommender.Ranking.Model;

namespace Recommender.Ranking.Training;

/// <summary>How <see cref="RankingTrainer"/> fits a model.</summary>
public sealed class TrainerOptions
{
    /// <summary>The loss. Default softmax (listwise), which matches how the service turns scores into P(item | user).</summary>
    public TrainingObjective Objective { get; init; } = TrainingObjective.Softmax;

    /// <summary>L2 penalty on the standardised and missing weights (not the bias), > 0. Default 0.001.</summary>
    public double L2 { get; init; } = 1e-3;

    /// <summary>Also learn one weight per feature for when it is absent. Default true.</summary>
    public bool FitMissingWeights { get; init; } = true;

    /// <summary>
    /// Logistic only: weigh each list's positives and negatives equally (each class sums to half the
    /// list's weight), so one positive among hundreds of negatives still counts. Default true.
    /// </summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>Features to use; null for all. The others get no weight.</summary>
    public IReadOnlyCollection<RankingFeature>? Features { get; init; }

    /// <summary>Newton iterations at most, 1 to 1,000. Default 100.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>
    /// Stop when the Newton decrement gᵀH⁻¹g / 2 (the decrease of the objective still to be had) is
    /// below this, > 0. Default 1e-12.
    /// </summary>
    public double Tolerance { get; init; } = 1e-12;

    /// <summary>The model version; null derives "objective-hash" from the fitted parameters (so equal fits get equal versions).</summary>
    public string? Version { get; init; }

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentException">A value out of range, named with its limit.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Objective))
        {
            throw new ArgumentException($"{nameof(Objective)} must be logistic, pairwise or softmax");
        }
        if (!(L2 > 0) || !double.IsFinite(L2))
        {
            throw new ArgumentException($"{nameof(L2)} must be a finite number above 0, got {L2}");
        }
        if (MaxIterations is < 1 or > 1000)
        {
            throw new ArgumentException($"{nameof(MaxIterations)} must be 1 to 1000, got {MaxIterations}");
        }
        if (!(Tolerance > 0))
        {
            throw new ArgumentException($"{nameof(Tolerance)} must be above 0, got {Tolerance}");
        }
        if (Features is { Count: 0 })
        {
            throw new ArgumentException($"{nameof(Features)} must name at least one feature (or be null for all)");
        }
        if (Version is not null && string.IsNullOrWhiteSpace(Version))
        {
            throw new ArgumentException($"{nameof(Version)} must not be blank");
        }
    }
}
