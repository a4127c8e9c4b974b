using Recommender.Bench.RankingHarness.Evaluation;
using Recommender.Bench.RankingHarness.Metrics;

namespace Recommender.Bench.RankingHarness.Report;

/// <summary>One goal of issue 6, measured.</summary>
public sealed record Goal(string Text, string Measured, bool Passed);

/// <summary>The goals of issue 6 against an evaluation.</summary>
public static class Goals
{
    public static IReadOnlyList<Goal> Of(EvaluationResult result, string popularity, string itemKnn)
    {
        MethodScores Method(string name) => result.Methods.Single(m => m.Name == name);
        var full = Method(Evaluator.PipelineReranked);
        var plain = Method(Evaluator.PipelineScoreOrder);
        var bestBaseline = Math.Max(Method(popularity).HitRate10, Method(itemKnn).HitRate10);
        var klReduction = plain.CalibrationKl > 0 ? 1 - full.CalibrationKl / plain.CalibrationKl : 0;
        var ndcgLoss = plain.Ndcg10 > 0 ? 1 - full.Ndcg10 / plain.Ndcg10 : 0;
        var reasons = result.Reasons;
        var reasonShare = reasons.Items == 0 ? 0 : (double)reasons.WithKind / reasons.Items;
        var dropShare = reasons.BecauseYouWatched == 0 ? 0 : (double)reasons.ScoreDropped / reasons.BecauseYouWatched;
        return
        [
            HitRateGoal("Full pipeline (ranking in score order) HR@10 ≥ 1.10 × the better of popularity and item-kNN", plain, bestBaseline),
            HitRateGoal("Full pipeline re-ranked with the default diversity and calibration, same bar", full, bestBaseline),
            new("Re-ranking lowers calibration KL by ≥ 40% for ≤ 5% relative NDCG@10 loss",
                $"KL {plain.CalibrationKl:F4} → {full.CalibrationKl:F4} ({klReduction:P1} lower), NDCG@10 {plain.Ndcg10:F4} → {full.Ndcg10:F4} ({ndcgLoss:P1} loss)",
                klReduction >= 0.40 && ndcgLoss <= 0.05),
            new("Every recommended item has a reason (a kind other than the generic \"Recommended for you\")",
                $"{reasons.WithKind} of {reasons.Items} ({reasonShare:P1}); with any text {reasons.WithText}",
                reasons.Items > 0 && reasons.WithKind == reasons.Items),
            new("Removing the cited item lowers the score for ≥ 70% of \"because you watched\" reasons",
                $"{reasons.ScoreDropped} of {reasons.BecauseYouWatched} ({dropShare:P1})",
                reasons.BecauseYouWatched > 0 && dropShare >= 0.70),
        ];
    }

    private static Goal HitRateGoal(string text, MethodScores pipeline, double bestBaseline) =>
        new(text, $"{pipeline.HitRate10:F4} vs {bestBaseline:F4} (×{(bestBaseline > 0 ? pipeline.HitRate10 / bestBaseline : 0):F2})",
            pipeline.HitRate10 >= 1.10 * bestBaseline);
}
