using System.Globalization;
using System.Text;
using Recommender.Bench.RankingHarness.Evaluation;
using Recommender.Bench.RankingHarness.Metrics;
using Recommender.Contracts.V1;
using Recommender.Ranking.Features;
using Recommender.RankingTrainer;

namespace Recommender.Bench.RankingHarness.Report;

/// <summary>Facts about the run that the report states.</summary>
public sealed record RunFacts(
    string DataSet, string Command, string Machine, int Movies, int Ratings, int Users, int EventsBeforeTraining, int EventsAfterTraining,
    IReadOnlyList<(string Phase, TimeSpan Took)> Phases, string RerankOptions, int CandidatePool, int CovisitedCandidates);

/// <summary>The harness's markdown: the table, the goals, training, reasons and how the run was made.</summary>
public static class MarkdownReport
{
    public static string Render(RunFacts facts, TrainingOutcome training, WeightsInfo served, EvaluationResult result, IReadOnlyList<Goal> goals)
    {
        var text = new StringBuilder();
        void Line(FormattableString? line = null) => text.AppendLine(line is null ? "" : line.ToString(CultureInfo.InvariantCulture));

        Line($"## Ranking quality on MovieLens {facts.DataSet} ({result.Users} users, leave-last-out)");
        Line();
        Line($"Each figure is the mean over users ± the standard deviation of its mean over {result.Methods[0].HitRate10.Folds} disjoint folds of users (by a hash of the user id).");
        Line();
        Line($"| method | HR@10 | NDCG@10 | P@10 | MRR | Recall@20 | novelty | diversity (ILD) | calibration KL | coverage | KL, top-level category |");
        Line($"|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var m in result.Methods)
        {
            Line($"| {m.Name} | {S(m.HitRate10)} | {S(m.Ndcg10)} | {S(m.Precision10)} | {S(m.Mrr)} | {S(m.Recall20)} | {S(m.Novelty, "F2")} | {S(m.Diversity)} | {S(m.CalibrationKl)} | {m.Coverage:P1} | {S(m.CategoryKl)} |");
        }
        Line();
        Line($"P@10 = HR@10 / 10 with one held-out item; MRR = mean of 1 / (position of the held-out movie) within the list of 20 (0 when absent); novelty = mean self-information −log2 p(i) of the top 10, p(i) the share of users who rated the movie before their held-out rating (add-one smoothed). Rows \"long-term / short-term interests only\" ask Recommend for that horizon; the default blends them by the drift evidence (mean short-term weight over users: {result.MeanShortTermWeight:F3}).");
        Line();
        Line($"Each user's last rated movie (by time) is held out; every other movie the user rated is excluded from the lists; the first {10} items count for HR, NDCG, diversity, KL and coverage, the first 20 for Recall@20 (= HR@20 with one held-out item). Diversity: mean pairwise 1 − cosine of the encoder's item vectors (the cluster's default encoder model) in the top 10. Calibration KL: Steck's KL(p ‖ q̃), q̃ = 0.99 q + 0.01 p, p = the genres of every movie the user rated before the held-out one (equally weighted), q = the genres of the top 10 (each movie spreads 1 over its MovieLens genres, IMAX left out). Coverage: distinct movies in anyone's top 10 / {facts.Movies} movies. The last column is the same KL over the movies' top-level categories (the rarest genre, see CategoryScheme), the distribution ranking's calibration works on; the goal uses the genre KL.");
        Line();
        Line($"The pipeline's candidates (mean {result.MeanCandidates:F0} per user) held the held-out movie for {result.CandidateHits} of {result.Users} users ({Share(result.CandidateHits, result.Users)}): the ceiling of its hit rate, set by retrieval and the co-visited candidates, before ranking. Rows \"re-ranked via Rank\" call ranking directly with the gateway's request (rebuilt by the harness) and the given λ (MMR; 1 = none) and β (calibration weight); they trace the trade-off without more gateway calls. Rows \"on the pipeline's candidates\" are the baselines ordering only the candidates retrieval gave ranking for that user (the pipeline's request excludes the same rated movies): they separate what retrieval loses from what ranking loses.");
        Line();
        var plain = result.Methods.Single(m => m.Name == Evaluator.PipelineScoreOrder);
        string C(FoldSpread value, FoldSpread baseline) => Change(value.Mean, baseline.Mean);
        Line($"| re-ranking against score order | KL change | NDCG@10 change | HR@10 change | diversity change |");
        Line($"|---|---|---|---|---|");
        foreach (var m in result.Methods.SkipWhile(m => m.Name != Evaluator.PipelineReranked).Where(m => !m.Name.EndsWith("on the pipeline's candidates", StringComparison.Ordinal)))
        {
            Line($"| {m.Name} | {C(m.CalibrationKl, plain.CalibrationKl)} | {C(m.Ndcg10, plain.Ndcg10)} | {C(m.HitRate10, plain.HitRate10)} | {C(m.Diversity, plain.Diversity)} |");
        }
        Line();
        Line($"### Goals (issue 12)");
        Line();
        Line($"| goal | measured | result |");
        Line($"|---|---|---|");
        foreach (var goal in goals)
        {
            Line($"| {goal.Text} | {goal.Measured} | {(goal.Passed ? "pass" : "FAIL")} |");
        }
        Line();
        var reasons = result.Reasons;
        Line($"### Reasons (re-ranked top 10)");
        Line();
        Line($"- Items with a reason of a specific kind: {reasons.WithKind} of {reasons.Items}; with any text: {reasons.WithText}. By kind: {string.Join(", ", reasons.ByKind.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}"))}.");
        foreach (var (kind, f) in reasons.Faithfulness.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Line($"- {kind}: {f.Checked} checked; with what the reason cites removed from what ranking sees, the score fell for {f.ScoreDropped} ({Share(f.ScoreDropped, f.Checked)}) and the item left the top 10 for {f.LeftTop10} ({Share(f.LeftTop10, f.Checked)}).");
        }
        Line($"- The harness builds ranking's request with the gateway's own pipeline library (gateway/Pipeline, through the trainer); its list of 20 equalled the gateway's for {result.MirrorAgreements} of {result.MirrorChecks} users.");
        Line();
        Line($"### Ranking weights (the cluster's own trainer, services/RankingTrainer)");
        Line();
        Line($"With each user's ratings before the second-to-last loaded ({facts.EventsBeforeTraining} events), the trainer snapshotted the pipeline's candidates and features for {training.Labels.Snapshotted} users (pool {facts.CandidatePool}); then the second-to-last ratings were recorded ({facts.EventsAfterTraining} events) and the trainer labelled each list with the user's next event: {training.Labels.WithNextEvent} users had one, {training.Labels.Labeled} of them on a candidate ({training.TrainingLists} lists trained on, {training.HeldOutLists} held out). Decision: {training.Decision}: {training.Message}. The held-out last ratings were never loaded.");
        Line();
        Line($"Weights in service during the evaluation (ranking's GetWeights): `{served.Version}`, {served.Objective}, trained on {served.TrainingLists} lists, held-out {served.HeldOutMetric} {served.HeldOutValue:F4} against {served.HeldOutReplacedValue:F4} for the weights it replaced.");
        Line();
        if (training.Model is { } model)
        {
            Line($"| feature | weight | mean | std dev | missing weight | coverage in training |");
            Line($"|---|---|---|---|---|---|");
            foreach (var w in model.Weights)
            {
                Line($"| {RankingFeatures.Name(w.Feature)} | {w.Weight:F3} | {w.Mean:F3} | {w.StdDev:F3} | {w.MissingWeight:F3} | {training.Report!.Coverage.GetValueOrDefault(w.Feature):P0} |");
            }
            Line();
        }
        Line($"### Run");
        Line();
        Line($"- Command: `{facts.Command}`");
        Line($"- Machine: {facts.Machine}");
        Line($"- Data: {facts.Movies} movies, {facts.Ratings} ratings, {facts.Users} users evaluated. Re-ranking options: {facts.RerankOptions}. Recommend candidate pool: {facts.CandidatePool} retrieved plus up to {facts.CovisitedCandidates} co-visited.");
        Line($"- Degraded Recommend answers: {result.DegradedAnswers}; lists shorter than 20: {result.ShortLists}.");
        Line($"- Time: {string.Join(", ", facts.Phases.Select(p => $"{p.Phase} {p.Took.TotalSeconds:F0} s"))}.");
        return text.ToString();
    }

    private static string S(FoldSpread value, string format = "F4") =>
        $"{value.Mean.ToString(format, CultureInfo.InvariantCulture)} ± {value.StdDev.ToString(format, CultureInfo.InvariantCulture)}";

    private static string Change(double value, double baseline) =>
        baseline == 0 ? "n/a" : ((value - baseline) / baseline).ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);

    private static string Share(int part, int whole) => whole == 0 ? "n/a" : ((double)part / whole).ToString("P1", CultureInfo.InvariantCulture);
}
