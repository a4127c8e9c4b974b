using Recommender.Ranking.Model;
using Recommender.Ranking.Training;

namespace Recommender.RankingTrainer;

public enum TrainingDecision
{
    /// <summary>Better on the held-out users than the served weights: every replica serves them now.</summary>
    Published,

    /// <summary>Not better than the served weights on the held-out users: nothing changed.</summary>
    NotBetter,

    /// <summary>Too few labelled lists to train or to compare: nothing changed.</summary>
    TooFewLists,
}

/// <summary>What one training run found and did.</summary>
public sealed record TrainingOutcome(
    TrainingDecision Decision,
    string Message,
    LabelCounts Labels,
    int TrainingLists,
    int HeldOutLists,
    double NewMetric,
    double ServedMetric,
    string ServedVersion,
    RankingModel? Model,
    TrainingReport? Report,
    IReadOnlyList<string> Replicas);
