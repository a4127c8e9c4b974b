using Recommender.Ranking.Features;

namespace Recommender.Ranking.Training;

/// <summary>
/// One labelled candidate list: the features of every candidate shown for a user, and which of them
/// were relevant (for the harness, the held-out item).
/// </summary>
/// <param name="Candidates">Feature vectors of the candidates.</param>
/// <param name="Positives">Indices into <paramref name="Candidates"/> of the relevant ones.</param>
public sealed record TrainingList(IReadOnlyList<FeatureVector> Candidates, IReadOnlyList<int> Positives)
{
    /// <summary>A list with one relevant candidate.</summary>
    public TrainingList(IReadOnlyList<FeatureVector> candidates, int positive)
        : this(candidates, [positive])
    {
    }
}
