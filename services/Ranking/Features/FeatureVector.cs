namespace Recommender.Ranking.Features;

/// <summary>One candidate's raw feature values; a feature that was not set is absent (not zero).</summary>
public sealed class FeatureVector
{
    private readonly double[] _values = new double[RankingFeatures.Count];
    private readonly bool[] _present = new bool[RankingFeatures.Count];

    /// <summary>The raw value, or null when the feature is absent.</summary>
    public double? this[RankingFeature feature]
    {
        get => _present[(int)feature] ? _values[(int)feature] : null;
        set
        {
            if (value is { } v && !double.IsFinite(v))
            {
                throw new ArgumentOutOfRangeException(nameof(value), v, $"{RankingFeatures.Name(feature)} must be finite");
            }
            _present[(int)feature] = value.HasValue;
            _values[(int)feature] = value ?? 0;
        }
    }

    /// <summary>Whether the feature has a value.</summary>
    public bool IsPresent(RankingFeature feature) => _present[(int)feature];

    /// <summary>The features without a value, in index order.</summary>
    public IEnumerable<RankingFeature> Missing => RankingFeatures.All.Where(f => !_present[(int)f]);

    /// <summary>Builds a vector from (feature, value) pairs; features not named are absent.</summary>
    public static FeatureVector Of(params (RankingFeature Feature, double Value)[] values)
    {
        var vector = new FeatureVector();
        foreach (var (feature, value) in values)
        {
            vector[feature] = value;
        }
        return vector;
    }
}
