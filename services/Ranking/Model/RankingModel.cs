using Recommender.Ranking.Features;

namespace Recommender.Ranking.Model;

/// <summary>
/// The linear scoring model: <c>score = bias + Σ_f [present] w_f · (T_f(x_f) − μ_f) / σ_f + [absent] m_f</c>,
/// with T_f the feature's transform (<see cref="RankingFeatures.Transform"/>). Immutable and thread-safe.
/// </summary>
public sealed class RankingModel
{
    private readonly FeatureWeight?[] _byFeature = new FeatureWeight?[RankingFeatures.Count];

    /// <param name="version">Reported as model_version.</param>
    /// <param name="objective">The loss it was trained with; null for hand-set weights.</param>
    /// <param name="bias">Added to every score.</param>
    /// <param name="weights">At most one entry per feature; features without one do not count.</param>
    /// <param name="training">How it was trained, if it was.</param>
    /// <exception cref="ArgumentException">An empty version, a duplicate feature, a non-finite number or a standard deviation of 0 or less.</exception>
    public RankingModel(string version, TrainingObjective? objective, double bias, IEnumerable<FeatureWeight> weights, TrainingSummary? training = null)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            throw new ArgumentException("the model version must not be empty", nameof(version));
        }
        if (!double.IsFinite(bias))
        {
            throw new ArgumentException($"bias must be finite, got {bias}", nameof(bias));
        }
        var list = new List<FeatureWeight>();
        foreach (var weight in weights)
        {
            var name = RankingFeatures.Name(weight.Feature);
            if (_byFeature[(int)weight.Feature] is not null)
            {
                throw new ArgumentException($"feature {name} is listed twice", nameof(weights));
            }
            if (!double.IsFinite(weight.Weight) || !double.IsFinite(weight.Mean) || !double.IsFinite(weight.MissingWeight))
            {
                throw new ArgumentException($"feature {name}: weight, mean and missingWeight must be finite", nameof(weights));
            }
            if (!(weight.StdDev > 0) || !double.IsFinite(weight.StdDev))
            {
                throw new ArgumentException($"feature {name}: stdDev must be a finite number above 0, got {weight.StdDev}", nameof(weights));
            }
            _byFeature[(int)weight.Feature] = weight;
            list.Add(weight);
        }
        Version = version;
        Objective = objective;
        Bias = bias;
        Weights = list;
        Training = training;
    }

    /// <summary>The version string reported in RankResponse.model_version.</summary>
    public string Version { get; }

    /// <summary>The training loss; null for hand-set weights.</summary>
    public TrainingObjective? Objective { get; }

    /// <summary>Added to every score.</summary>
    public double Bias { get; }

    /// <summary>The features in the model, in the order given.</summary>
    public IReadOnlyList<FeatureWeight> Weights { get; }

    /// <summary>How the model was trained, when it was.</summary>
    public TrainingSummary? Training { get; }

    /// <summary>The same weights with another training record (e.g. once the trainer has evaluated them).</summary>
    public RankingModel WithTraining(TrainingSummary training) => new(Version, Objective, Bias, Weights, training);

    /// <summary>The parameters of one feature, or null when the model does not use it.</summary>
    public FeatureWeight? WeightOf(RankingFeature feature) => _byFeature[(int)feature];

    /// <summary>The score alone.</summary>
    public double Score(FeatureVector features)
    {
        var score = Bias;
        foreach (var weight in Weights)
        {
            score += Term(weight, features);
        }
        return score;
    }

    /// <summary>The score with one part per modelled feature (present ones, and absent ones with a missing weight).</summary>
    public ScoreBreakdown Explain(FeatureVector features)
    {
        var parts = new List<ScorePart>(Weights.Count);
        var score = Bias;
        foreach (var weight in Weights)
        {
            if (features[weight.Feature] is { } value)
            {
                var contribution = Term(weight, features);
                parts.Add(new ScorePart(weight.Feature, Absent: false, value, weight.Weight, contribution));
                score += contribution;
            }
            else if (weight.MissingWeight != 0)
            {
                parts.Add(new ScorePart(weight.Feature, Absent: true, 1, weight.MissingWeight, weight.MissingWeight));
                score += weight.MissingWeight;
            }
        }
        return new ScoreBreakdown(score, Bias, parts);
    }

    /// <summary>The standardised model input of a present value (0 for an absent one).</summary>
    public static double Standardise(FeatureWeight weight, double raw) =>
        (RankingFeatures.Transform(weight.Feature, raw) - weight.Mean) / weight.StdDev;

    private static double Term(FeatureWeight weight, FeatureVector features) =>
        features[weight.Feature] is { } value ? weight.Weight * Standardise(weight, value) : weight.MissingWeight;
}
