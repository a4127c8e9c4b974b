namespace Recommender.InterestModel.Estimation;

/// <summary>
/// The posterior of one node's marginal probability p (the product of the conditional probabilities on its path):
/// its mean and log-mean E[ln p], the user's effective evidence and decayed weight there.
/// </summary>
internal readonly record struct NodePosterior(
    int Node,
    int Depth,
    double Mean,
    double LogMean,
    double EffectiveEvidence,
    double DecayedWeight,
    int EventCount);
