namespace Recommender.Ranking.Model;

/// <summary>How a model was trained (stored in the weights file for people and for GetWeights; scoring ignores it).</summary>
/// <param name="Lists">Candidate lists used (with at least one positive and one negative).</param>
/// <param name="Candidates">Candidates in those lists.</param>
/// <param name="L2">L2 penalty on the standardised weights.</param>
/// <param name="Iterations">Newton iterations run.</param>
/// <param name="Loss">Final objective value (mean loss per list plus the penalty).</param>
/// <param name="Converged">Whether the Newton decrement fell below the tolerance.</param>
/// <param name="TrainedAt">When the trainer produced it (null when not recorded).</param>
/// <param name="HeldOut">How it did on users it was not trained on, against the weights it was meant to replace.</param>
public sealed record TrainingSummary(int Lists, int Candidates, double L2, int Iterations, double Loss, bool Converged,
    DateTimeOffset? TrainedAt = null, HeldOutEvaluation? HeldOut = null);

/// <summary>A metric on held-out lists for a new model and for the model in service on the same lists.</summary>
/// <param name="Metric">Its name, e.g. "ndcg@10".</param>
/// <param name="Value">The new model's value.</param>
/// <param name="ReplacedValue">The value of the weights in service when it was trained.</param>
/// <param name="Lists">Held-out lists it was measured on.</param>
public sealed record HeldOutEvaluation(string Metric, double Value, double ReplacedValue, int Lists);
