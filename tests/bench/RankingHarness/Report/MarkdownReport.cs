using System.Globalization;
using System.Text;
using Recommender.Bench.RankingHarness.Evaluation;
using Recommender.Bench.RankingHarness.Training;
using Recommender.Ranking.Features;

namespace Recommender.Bench.RankingHarness.Report;

/// <summary>Facts about the run that the report states.</summary>
public sealed record RunFacts(
    string Command, string Machine, int Movies, int Ratings, int Users, int EventsBeforeTraining, int EventsAfterTraining,
    IReadOnlyList<(string Phase, TimeSpan Took)> Phases, string RerankOptions, int CandidatePool, int CovisitedCandidates);

/// <summary>The harness's markdown: the table, the goals, training, reasons and how the run was made.</summary>
public static class MarkdownReport
{
    public static string Render(RunFacts facts, WeightTrainingResult training, EvaluationResult result, IReadOnlyList<Goal> goals)
    {
        var text = new StringBuilder();
        void Line(FormattableString? line = null) => text.AppendLine(line is null ? "" : line.ToString(CultureInfo.InvariantCulture));

        Line($"## Ranking quality on MovieLens ml-latest-small ({result.Users} users, leave-last-out)");
        Line();
        Line($"| method | HR@10 | NDCG@10 | Recall@20 | diversity (ILD) | calibration KL | coverage | KL, top-level category |");
        Line($"|---|---|---|---|---|---|---|---|");
        foreach (var m in result.Methods)
        {
            Line($"| {m.Name} | {m.HitRate10:F4} | {m.Ndcg10:F4} | {m.Recall20:F4} | {m.Diversity:F4} | {m.CalibrationKl:F4} | {m.Coverage:P1} | {m.CategoryKl:F4} |");
        }
        Line();
        Line($"Each user's last rated movie (by time) is held out; every other movie the user rated is excluded from the lists; the first {10} items count for HR, NDCG, diversity, KL and coverage, the first 20 for Recall@20 (= HR@20 with one held-out item). Diversity: mean pairwise 1 − cosine of the encoder's item vectors (all-minilm-l6-v2) in the top 10. Calibration KL: Steck's KL(p ‖ q̃), q̃ = 0.99 q + 0.01 p, p = the genres of every movie the user rated before the held-out one (equally weighted), q = the genres of the top 10 (each movie spreads 1 over its MovieLens genres, IMAX left out). Coverage: distinct movies in anyone's top 10 / {facts.Movies} movies. The last column is the same KL over the movies' top-level categories (the rarest genre, see CategoryScheme), the distribution ranking's calibration works on; the goal uses the genre KL.");
        Line();
        Line($"The pipeline's candidates (mean {result.MeanCandidates:F0} per user) held the held-out movie for {result.CandidateHits} of {result.Users} users ({Share(result.CandidateHits, result.Users)}): the ceiling of its hit rate, set by retrieval and the co-visited candidates, before ranking. Rows \"re-ranked via Rank\" call ranking directly with the gateway's request (rebuilt by the harness) and the given λ (MMR; 1 = none) and β (calibration weight); they trace the trade-off without more gateway calls. Rows \"on the pipeline's candidates\" are the baselines ordering only the candidates retrieval gave ranking for that user (the pipeline's request excludes the same rated movies): they separate what retrieval loses from what ranking loses.");
        Line();
        var plain = result.Methods.Single(m => m.Name == Evaluator.PipelineScoreOrder);
        Line($"| re-ranking against score order | KL change | NDCG@10 change | HR@10 change | diversity change |");
        Line($"|---|---|---|---|---|");
        foreach (var m in result.Methods.SkipWhile(m => m.Name != Evaluator.PipelineReranked).Where(m => !m.Name.EndsWith("on the pipeline's candidates", StringComparison.Ordinal)))
        {
            Line($"| {m.Name} | {Change(m.CalibrationKl, plain.CalibrationKl)} | {Change(m.Ndcg10, plain.Ndcg10)} | {Change(m.HitRate10, plain.HitRate10)} | {Change(m.Diversity, plain.Diversity)} |");
        }
        Line();
        Line($"### Goals (issue 6)");
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
        Line($"- \"Because you watched X\": {reasons.BecauseYouWatched} items. With X removed from the history ranking sees (recent items, and X's share of every candidate's co-visitation), the score fell for {reasons.ScoreDropped} ({Share(reasons.ScoreDropped, reasons.BecauseYouWatched)}) and the item left the top 10 for {reasons.LeftTop10} ({Share(reasons.LeftTop10, reasons.BecauseYouWatched)}).");
        Line($"- The harness rebuilt ranking's request itself (same calls as the gateway) to score again; its list of 20 equalled the gateway's for {result.MirrorAgreements} of {result.MirrorChecks} users.");
        Line();
        Line($"### Ranking weights (trained by the harness)");
        Line();
        Line($"Split: with each user's ratings before the second-to-last loaded ({facts.EventsBeforeTraining} events), the pipeline's candidates for every user (pool {facts.CandidatePool}) were labelled with the second-to-last movie; {training.ListsWithTarget} of {training.Users} lists contained it and were used ({training.Report.Candidates} candidates). Softmax objective, L2 0.001, {training.Report.Iterations} Newton iterations, converged: {training.Report.Converged}, loss {training.Report.Loss:F4}. Then the second-to-last ratings were recorded ({facts.EventsAfterTraining} events) and ranking restarted with `Ranking:WeightsPath` = the trained file (version `{training.Model.Version}`). The held-out last ratings were never loaded.");
        Line();
        Line($"| feature | weight | mean | std dev | missing weight | coverage in training |");
        Line($"|---|---|---|---|---|---|");
        foreach (var w in training.Model.Weights)
        {
            Line($"| {RankingFeatures.Name(w.Feature)} | {w.Weight:F3} | {w.Mean:F3} | {w.StdDev:F3} | {w.MissingWeight:F3} | {training.Report.Coverage.GetValueOrDefault(w.Feature):P0} |");
        }
        Line();
        Line($"### Run");
        Line();
        Line($"- Command: `{facts.Command}`");
        Line($"- Machine: {facts.Machine}");
        Line($"- Data: {facts.Movies} movies, {facts.Ratings} ratings, {facts.Users} users evaluated. Re-ranking options: {facts.RerankOptions}. Recommend candidate pool: {facts.CandidatePool} retrieved plus up to {facts.CovisitedCandidates} co-visited.");
        Line($"- Degraded Recommend answers: {result.DegradedAnswers}; lists shorter than 20: {result.ShortLists}.");
        Line($"- Time: {string.Join(", ", facts.Phases.Select(p => $"{p.Phase} {p.Took.TotalSeconds:F0} s"))}.");
        return text.ToString();
    }

    private static string Change(double value, double baseline) =>
        baseline == 0 ? "n/a" : ((value - baseline) / baseline).ToString("+0.0%;-0.0%;0.0%", CultureInfo.InvariantCulture);

    private static string Share(int part, int whole) => whole == 0 ? "n/a" : ((double)part / whole).ToString("P1", CultureInfo.InvariantCulture);
}
