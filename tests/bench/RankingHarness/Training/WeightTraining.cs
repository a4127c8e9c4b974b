using System.Collections.Concurrent;
using Recommender.Bench.RankingHarness.Cluster;
using Recommender.Bench.RankingHarness.Data;
using Recommender.Ranking.Features;
using Recommender.Ranking.Model;
using Recommender.Ranking.Training;

namespace Recommender.Bench.RankingHarness.Training;

/// <summary>What training produced.</summary>
public sealed record WeightTrainingResult(RankingModel Model, TrainingReport Report, int Users, int ListsWithTarget, string Path);

/// <summary>
/// Learns the ranking weights on the earlier split: with only each user's training ratings loaded
/// (everything before the second-to-last), the pipeline's Rank request for every user is built
/// (<see cref="PipelineMirror"/>), features are extracted with ranking's own <see cref="FeatureExtractor"/>,
/// and the second-to-last item is the positive of the list when retrieval found it (other lists
/// carry no label and are skipped). Softmax (listwise) objective, the service's default. The final
/// held-out ratings are not loaded at this point, so nothing of the evaluation leaks into the weights.
/// </summary>
public static class WeightTraining
{
    public static async Task<WeightTrainingResult> TrainAsync(PipelineMirror mirror, IReadOnlyList<UserSplit> users, DateTimeOffset now, string path, int parallelism)
    {
        var extractor = new FeatureExtractor(freshnessHalfLifeDays: 30);
        var lists = new ConcurrentDictionary<int, TrainingList>();
        await Parallel.ForEachAsync(Enumerable.Range(0, users.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (u, _) =>
        {
            var user = users[u];
            var request = await mirror.RankRequestAsync(user.UserId, user.Training.Select(r => r.MovieId).Distinct(), k: 10, options: null);
            if (request is null)
            {
                return;
            }
            var candidates = request.Candidates.ToList();
            var positive = candidates.FindIndex(c => c.ItemId == user.TrainingTarget.MovieId);
            if (positive < 0)
            {
                return;
            }
            var features = extractor.Extract(request.User, candidates, now);
            lists[u] = new TrainingList(features.Select(f => f.Vector).ToList(), positive);
        });
        var ordered = lists.OrderBy(p => p.Key).Select(p => p.Value).ToList();
        var result = RankingTrainer.Train(ordered, new TrainerOptions { Objective = TrainingObjective.Softmax, L2 = 1e-3 });
        WeightsFile.Save(result.Model, path);
        return new WeightTrainingResult(result.Model, result.Report, users.Count, ordered.Count, path);
    }
}
