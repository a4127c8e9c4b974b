namespace Recommender.Ranking.Model;

/// <summary>How a model was trained (stored in the weights file for people; scoring ignores it).</summary>
/// <param name="Lists">Candidate lists used (with at least one positive and one negative).</param>
/// <param name="Candidates">Candidates in those lists.</param>
/// <param name="L2">L2 penalty on the standardised weights.</param>
/// <param name="Iterations">Newton iterations run.</param>
/// <param name="Loss">Final objective value (mean loss per list plus the penalty).</param>
/// <param name="Converged">Whether the Newton decrement fell below the tolerance.</param>
public sealed record TrainingSummary(int Lists, int Candidates, double L2, int Iterations, double Loss, bool Converged);
