using Recommender.Bench.RankingHarness.Evaluation;
using Recommender.Bench.RankingHarness.Metrics;

namespace Recommender.Bench.RankingHarness.Report;

/// <summary>One goal, measured.</summary>
public sealed record Goal(string Text, string Measured, bool Passed);

/// <summary>The goals of issue 12 against an evaluation.</summary>
public static class Goals
{
    public static IReadOnlyList<Goal> Of(EvaluationResult result, string popularity, string itemKnn)
    {
        MethodScores Method(string name) => result.Methods.Single(m => m.Name == name);
        var full = Method(Evaluator.PipelineReranked);
        var plain = Method(Evaluator.PipelineScoreOrder);
        var bestHr = Math.Max(Method(popularity).HitRate10.Mean, Method(itemKnn).HitRate10.Mean);
        var bestNdcg = Math.Max(Method(popularity).Ndcg10.Mean, Method(itemKnn).Ndcg10.Mean);
        var klReduction = plain.CalibrationKl.Mean > 0 ? 1 - full.CalibrationKl.Mean / plain.CalibrationKl.Mean : 0;
        var ndcgLoss = plain.Ndcg10.Mean > 0 ? 1 - full.Ndcg10.Mean / plain.Ndcg10.Mean : 0;
        var reasons = result.Reasons;
        var personalShare = reasons.Items == 0 ? 0 : (double)reasons.Personal / reasons.Items;
        var faithfulByKind = reasons.Faithfulness.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => (Kind: f.Key, Share: f.Value.Checked == 0 ? 0 : (double)f.Value.ScoreDropped / f.Value.Checked, f.Value.Checked)).ToList();
        return
        [
            Ratio("Full pipeline re-ranked with the defaults: HR@10 ≥ 1.25 × the better of popularity and item-kNN", full.HitRate10.Mean, bestHr),
            Ratio("Full pipeline re-ranked with the defaults: NDCG@10 ≥ 1.25 × the better of popularity and item-kNN", full.Ndcg10.Mean, bestNdcg),
            new("Re-ranking lowers calibration KL by ≥ 40% for ≤ 5% relative NDCG@10 loss",
                $"KL {plain.CalibrationKl.Mean:F4} → {full.CalibrationKl.Mean:F4} ({klReduction:P1} lower), NDCG@10 {plain.Ndcg10.Mean:F4} → {full.Ndcg10.Mean:F4} ({ndcgLoss:P1} loss)",
                klReduction >= 0.40 && ndcgLoss <= 0.05),
            new("At least half of the re-ranked top-10 items carry a personal reason (because you, similar to, matches your interest)",
                $"{reasons.Personal} of {reasons.Items} ({personalShare:P1})", personalShare >= 0.5),
            new("Each kind of personal reason is faithful (removing what it cites lowers the score) in ≥ 90% of cases",
                faithfulByKind.Count == 0 ? "none checked" : string.Join("; ", faithfulByKind.Select(f => $"{f.Kind} {f.Share:P1} of {f.Checked}")),
                faithfulByKind.Count > 0 && faithfulByKind.All(f => f.Share >= 0.9)),
        ];
    }

    private static Goal Ratio(string text, double pipeline, double best) =>
        new(text, $"{pipeline:F4} vs {best:F4} (×{(best > 0 ? pipeline / best : 0):F2})", pipeline >= 1.25 * best);
}
