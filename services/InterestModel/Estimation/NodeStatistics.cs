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

    /// <summary>Σ w·share without decay: with <see cref="PieceSquareSum"/>, the effective-evidence scale.</summary>
    public double WeightSum;

    /// <summary>
    /// Σ over events of Σ over the pieces their mass splits into here (w·piece)², without decay. Kish's effective
    /// number of observations behind this node's distribution over its children is WeightSum² / PieceSquareSum.
    /// </summary>
    public double PieceSquareSum;
}
