using Recommender.Ranking.Features;
using Recommender.Ranking.Model;

namespace Recommender.Ranking.Training;

/// <summary>The fitted model and what happened.</summary>
public sealed record TrainingResult(RankingModel Model, TrainingReport Report);

/// <summary>What the trainer used and how the fit went.</summary>
/// <param name="ListsUsed">Lists with at least one positive and one negative.</param>
/// <param name="ListsSkipped">Lists without a positive or without a negative (nothing to learn from).</param>
/// <param name="Candidates">Candidates in the lists used.</param>
/// <param name="Iterations">Newton iterations.</param>
/// <param name="Converged">Whether the Newton decrement fell below the tolerance.</param>
/// <param name="Loss">Final objective (mean loss per list, or per weighted row for logistic, plus the penalty).</param>
/// <param name="Coverage">Share of candidates with each feature present; features never present are left out of the model.</param>
public sealed record TrainingReport(
    int ListsUsed, int ListsSkipped, int Candidates, int Iterations, bool Converged, double Loss,
    IReadOnlyDictionary<RankingFeature, double> Coverage);
