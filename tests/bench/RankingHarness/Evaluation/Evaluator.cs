using Grpc.Core;
using Recommender.Bench.RankingHarness.Baselines;
using Recommender.Bench.RankingHarness.Data;
using Recommender.Bench.RankingHarness.Metrics;
using Recommender.Contracts.V1;
using Recommender.RankingTrainer;
using ClusterHost = Recommender.ClusterHarness.Cluster;
using RecommenderClient = Recommender.Contracts.V1.Recommender.RecommenderClient;

namespace Recommender.Bench.RankingHarness.Evaluation;

/// <summary>What the evaluation measured.</summary>
/// <param name="CandidateHits">Users whose held-out movie was among the pipeline's candidates (the ceiling of its hit rate).</param>
public sealed record EvaluationResult(
    IReadOnlyList<MethodScores> Methods, ReasonTally Reasons, int Users, int DegradedAnswers, int ShortLists, int MirrorAgreements, int MirrorChecks,
    int CandidateHits, double MeanCandidates, double MeanShortTermWeight);

/// <summary>A re-ranking setting tried by calling Rank directly on the pipeline's request (the trade-off curve).</summary>
public sealed record RerankSetting(double DiversityLambda, double CalibrationWeight)
{
    public string Name => FormattableString.Invariant($"re-ranked via Rank, λ {DiversityLambda}, β {CalibrationWeight}");

    public RankOptions Options => new() { DiversityLambda = DiversityLambda, CalibrationWeight = CalibrationWeight };
}

/// <summary>
/// For every user: the baselines' top 20 and the gateway's Recommend (k = 20, every rated movie but the held-out one
/// excluded) without and with re-ranking, and re-ranked with the long-term and the short-term interests alone; then
/// the reasons of the re-ranked top 10; then the same Rank request (built by the gateway's own pipeline library,
/// through the trainer's <see cref="Snapshotter"/>) with each of <c>sweep</c>'s re-ranking settings.
/// </summary>
public sealed class Evaluator(
    ClusterHost cluster, Snapshotter pipeline, Contracts.V1.Ranking.RankingClient ranking, IReadOnlyList<IBaseline> baselines, ItemIndex items,
    IReadOnlyDictionary<string, float[]> vectors, IReadOnlyDictionary<string, IReadOnlyList<string>> genres,
    IReadOnlyDictionary<string, IReadOnlyList<string>> topCategories, Novelty novelty, RankOptions rerankOptions, IReadOnlyList<RerankSetting> sweep)
{
    public const string PipelineScoreOrder = "full pipeline, no re-ranking";
    public const string PipelineReranked = "full pipeline, re-ranked";
    public const string LongTermOnly = "full pipeline, re-ranked, long-term interests only";
    public const string ShortTermOnly = "full pipeline, re-ranked, short-term interests only";
    private const int ListLength = 20;

    public async Task<EvaluationResult> RunAsync(IReadOnlyList<UserSplit> users, int parallelism)
    {
        var methods = baselines.Select(b => new MethodScores(b.Name, items.Count))
            .Append(new MethodScores(PipelineScoreOrder, items.Count))
            .Append(new MethodScores(PipelineReranked, items.Count))
            .Append(new MethodScores(LongTermOnly, items.Count))
            .Append(new MethodScores(ShortTermOnly, items.Count))
            .Concat(sweep.Select(setting => new MethodScores(setting.Name, items.Count)))
            .Concat(baselines.Take(2).Select(b => new MethodScores(WithinCandidates(b), items.Count)))
            .ToList();
        var reasons = new ReasonTally();
        var client = new RecommenderClient(cluster.Gateway);
        var gate = new Lock();
        var degraded = 0;
        var shortLists = 0;
        var agreements = 0;
        var checks = 0;
        var candidateHits = 0;
        var candidates = 0L;
        var shortTermWeight = 0.0;
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (user, _) =>
        {
            var rated = user.EvaluationHistory.Select(r => r.MovieId).Distinct(StringComparer.Ordinal).ToList();
            var history = rated.Select(id => items[id]).ToList();
            var excluded = history.ToHashSet();
            var lists = baselines.Select(b => b.Recommend(history, excluded, ListLength)).ToList();

            var plain = await RecommendAsync(client, user.UserId, rated, new RankOptions { DisableReranking = true });
            var reranked = await RecommendAsync(client, user.UserId, rated, rerankOptions);
            var longTerm = await RecommendAsync(client, user.UserId, rated, rerankOptions, InterestHorizon.LongTerm);
            var shortTerm = await RecommendAsync(client, user.UserId, rated, rerankOptions, InterestHorizon.ShortTerm);
            lists.Add(plain.Items.Select(i => i.Item.Id).ToList());
            lists.Add(reranked.Items.Select(i => i.Item.Id).ToList());
            lists.Add(longTerm.Items.Select(i => i.Item.Id).ToList());
            lists.Add(shortTerm.Items.Select(i => i.Item.Id).ToList());

            foreach (var item in reranked.Items.Take(10))
            {
                var reason = item.Reason ?? new Reason();
                reasons.AddReason(reason.Kind.ToString(), reason.Text.Length > 0, reason.Kind != Reason.Types.Kind.Unspecified, ReasonCheck.IsPersonal(reason));
            }
            var request = await RankRequestAsync(user.UserId, rated, rerankOptions);
            var agrees = false;
            var inPool = false;
            if (request is not null)
            {
                var deadline = DateTime.UtcNow.AddMinutes(1);
                var mirrored = await ranking.RankAsync(request, deadline: deadline);
                agrees = mirrored.Items.Select(i => i.ItemId).SequenceEqual(reranked.Items.Select(i => i.Item.Id));
                inPool = request.Candidates.Any(c => c.ItemId == user.HeldOut.MovieId);
                // Greedy re-ranking is prefix-consistent (same pool for k = 10 and 20), so the first 10 are the top 10.
                var top10 = new RankResponse();
                top10.Items.AddRange(mirrored.Items.Take(10));
                var request10 = request.Clone();
                request10.K = Math.Min(10, request.Candidates.Count);
                await ReasonCheck.RunAsync(ranking, request10, top10, reasons);
                foreach (var setting in sweep)
                {
                    var variant = request.Clone();
                    variant.Options = setting.Options;
                    lists.Add((await ranking.RankAsync(variant, deadline: deadline)).Items.Select(i => i.ItemId).ToList());
                }
                // Diagnostics: the simple baselines ordering the pipeline's own candidates (retrieval's share of the gap vs ranking's).
                var pool = request.Candidates.Select(c => items[c.ItemId]).ToHashSet();
                var outsidePool = Enumerable.Range(0, items.Count).Where(i => !pool.Contains(i)).ToHashSet();
                lists.AddRange(baselines.Take(2).Select(b => b.Recommend(history, outsidePool, ListLength)));
            }
            else
            {
                lists.AddRange(sweep.Select(_ => new List<string>()));
                lists.AddRange(baselines.Take(2).Select(_ => new List<string>()));
            }

            var userGenres = GenreDistribution.Of(rated.Select(id => genres[id]));
            var userCategories = GenreDistribution.Of(rated.Select(id => topCategories[id]));
            var context = new ListContext(id => vectors[id], userGenres, id => genres[id], userCategories, id => topCategories[id], novelty);
            lock (gate)
            {
                shortTermWeight += reranked.InterestMix?.ShortTermWeight ?? 0;
                degraded += (plain.Degraded ? 1 : 0) + (reranked.Degraded ? 1 : 0);
                shortLists += (plain.Items.Count < ListLength ? 1 : 0) + (reranked.Items.Count < ListLength ? 1 : 0);
                checks++;
                agreements += agrees ? 1 : 0;
                candidateHits += inPool ? 1 : 0;
                candidates += request?.Candidates.Count ?? 0;
                for (var m = 0; m < methods.Count; m++)
                {
                    methods[m].Add(user.UserId, lists[m], user.HeldOut.MovieId, context);
                }
            }
        });
        return new EvaluationResult(methods, reasons, users.Count, degraded, shortLists, agreements, checks, candidateHits,
            users.Count == 0 ? 0 : (double)candidates / users.Count, users.Count == 0 ? 0 : shortTermWeight / users.Count);
    }

    /// <summary>The name of a baseline's row when it orders only the pipeline's candidates.</summary>
    public static string WithinCandidates(IBaseline baseline) => $"{baseline.Name} on the pipeline's candidates";

    /// <summary>The Rank request the gateway sends for this user (same library, same calls), for k = 20 with the given options.</summary>
    private async Task<RankRequest?> RankRequestAsync(string userId, IReadOnlyList<string> rated, RankOptions options)
    {
        var filter = new RetrievalFilter();
        filter.ExcludeItemIds.AddRange(rated);
        var request = await pipeline.RankRequestAsync(userId, filter, DateTimeOffset.UtcNow, CancellationToken.None);
        if (request is null)
        {
            return null;
        }
        request.AsOf = null; // the gateway lets ranking use its own clock
        request.K = Math.Min(ListLength, request.Candidates.Count);
        request.Options = options;
        return request;
    }

    private static async Task<RecommendResponse> RecommendAsync(RecommenderClient client, string userId, IReadOnlyList<string> rated, RankOptions options,
        InterestHorizon horizon = InterestHorizon.Blended)
    {
        var request = new RecommendRequest { UserId = userId, K = ListLength, RankOptions = options, Filter = new RetrievalFilter(), Horizon = horizon };
        request.Filter.ExcludeItemIds.AddRange(rated);
        try
        {
            return await client.RecommendAsync(request, ClusterHost.Key(ClusterHost.AdminKey), DateTime.UtcNow.AddMinutes(1));
        }
        catch (RpcException e)
        {
            throw new InvalidOperationException($"Recommend for user {userId} failed: {e.Status}", e);
        }
    }
}
