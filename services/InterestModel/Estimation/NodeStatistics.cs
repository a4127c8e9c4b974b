namespace Recommender.InterestModel.Estimation;

/// <summary>
/// One user's sufficient statistics at one category node: everything the estimator needs, updated in O(1) per
/// event. Masses are stored relative to the user's reference time (see <see cref="ExponentialDecay"/>).
/// </summary>
internal struct NodeStatistics
{
    public int Node;

    /// <summary>Events whose item passes through this node.</summary>
    public int EventCount;

    /// <summary>Σ w·share·2^((t − ref)/h_long): the long-term decayed, action-weighted mass.</summary>
    public double LongMass;

    /// <summary>Σ w·share·2^((t − ref)/h_short): the short-term mass.</summary>
    public double ShortMass;

    /// <summary>Σ w·share without decay: with <see cref="WeightSquareSum"/>, the effective-evidence scale.</summary>
    public double WeightSum;

    /// <summary>Σ (w·share)² without decay.</summary>
    public double WeightSquareSum;
}
