using System.Collections.Concurrent;
using Recommender.Contracts.V1;
using Recommender.Pipeline;
using Recommender.Ranking.Training;
using Recommender.RankingTrainer.Snapshots;

namespace Recommender.RankingTrainer;

/// <summary>One user's snapshot labelled with what they did next.</summary>
public sealed record LabeledList(string UserId, TrainingList List);

/// <summary>How many snapshot lists got a label, and why the others did not.</summary>
public sealed record LabelCounts(int Snapshotted, int WithNextEvent, int Labeled);

/// <summary>
/// Labels snapshot lists: the user's first event after their latest one at snapshot time is the positive;
/// a list whose user did nothing since, or whose next item was not among the candidates, carries no label.
/// </summary>
public sealed class Labeler(ChannelBackends backends, TrainerSettings settings)
{
    public async Task<(List<LabeledList> Lists, LabelCounts Counts)> LabelAsync(IReadOnlyList<SnapshotList> snapshot, CancellationToken cancellationToken)
    {
        var labeled = new ConcurrentDictionary<int, LabeledList>();
        var withNext = 0;
        var client = new InterestModel.InterestModelClient(backends.Invoker(PipelineBackends.InterestModel));
        await Parallel.ForEachAsync(Enumerable.Range(0, snapshot.Count), new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var list = snapshot[index];
                var profile = await client.GetInterestsAsync(new GetInterestsRequest { UserId = list.UserId, TopK = 1, RecentItems = 100 },
                    deadline: DateTime.UtcNow + settings.CallTimeout, cancellationToken: token);
                var next = NextItem(profile.RecentItems, list.LastEventUnixMs);
                if (next is null)
                {
                    return;
                }
                Interlocked.Increment(ref withNext);
                var positive = list.ItemIds.IndexOf(next);
                if (positive >= 0)
                {
                    labeled[index] = new LabeledList(list.UserId, new TrainingList(SnapshotFile.FeaturesOf(list), positive));
                }
            }).ConfigureAwait(false);
        var lists = labeled.OrderBy(p => p.Key).Select(p => p.Value).ToList();
        return (lists, new LabelCounts(snapshot.Count, withNext, lists.Count));
    }

    /// <summary>The item of the earliest event after <paramref name="afterUnixMs"/>, or null.</summary>
    public static string? NextItem(IEnumerable<RecentItem> recent, long afterUnixMs) =>
        recent
            .Select(r => (r.ItemId, Ms: r.Timestamp.ToDateTimeOffset().ToUnixTimeMilliseconds()))
            .Where(r => r.Ms > afterUnixMs)
            .OrderBy(r => r.Ms)
            .ThenBy(r => r.ItemId, StringComparer.Ordinal)
            .Select(r => r.ItemId)
            .FirstOrDefault();
}
