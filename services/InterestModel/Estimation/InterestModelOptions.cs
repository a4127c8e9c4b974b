using Recommender.InterestModel.History;
using Recommender.InterestModel.Signals;

namespace Recommender.InterestModel.Estimation;

/// <summary>Every setting of the interest model, grouped. Bind from configuration section <c>InterestModel</c>.</summary>
public sealed class InterestModelOptions
{
    /// <summary>Action weights and the rating scale.</summary>
    public ActionWeightOptions ActionWeights { get; set; } = new();

    /// <summary>Input limits and capacities.</summary>
    public LimitOptions Limits { get; set; } = new();

    /// <summary>Decay, smoothing, uncertainty and drift.</summary>
    public EstimationOptions Estimation { get; set; } = new();

    /// <summary>What a profile reports.</summary>
    public ProfileOptions Profile { get; set; } = new();

    /// <summary>Co-visitation and popularity.</summary>
    public SignalOptions Signals { get; set; } = new();

    /// <summary>The per-user interest history over time.</summary>
    public HistoryOptions History { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that makes no sense.</summary>
    public void Validate()
    {
        ActionWeights.Validate();
        Limits.Validate();
        Estimation.Validate();
        Profile.Validate();
        Signals.Validate();
        History.Validate();
    }
}
