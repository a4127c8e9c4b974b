using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Recommender.Contracts.V1;
using Recommender.Pipeline;
using Recommender.Ranking.Features;
using Recommender.RankingTrainer.Snapshots;

namespace Recommender.RankingTrainer;

/// <summary>
/// The feature log: for every user with recent events, the candidates the gateway's pipeline gives them
/// now and the features ranking would score them with, kept until the user's next event labels them.
/// </summary>
public sealed class Snapshotter(ChannelBackends backends, TrainerSettings settings)
{
    private readonly CandidatePipeline _pipeline = new(backends, settings.Pipeline);
    private readonly FeatureExtractor _extractor = new(settings.FreshnessHalfLifeDays);

    public async Task<List<SnapshotList>> TakeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var request = new ListActiveUsersRequest { Limit = settings.MaxUsers };
        if (settings.ActiveWithinDays > 0)
        {
            request.Since = Timestamp.FromDateTimeOffset(now.AddDays(-settings.ActiveWithinDays));
        }
        var users = await new InterestModel.InterestModelClient(backends.Invoker(PipelineBackends.InterestModel))
            .ListActiveUsersAsync(request, deadline: DateTime.UtcNow + settings.CallTimeout, cancellationToken: cancellationToken);
        var lists = new ConcurrentDictionary<int, SnapshotList>();
        await Parallel.ForEachAsync(Enumerable.Range(0, users.Users.Count), new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                var user = users.Users[index];
                if (await ListOfAsync(user, now, token).ConfigureAwait(false) is { } list)
                {
                    lists[index] = list;
                }
            }).ConfigureAwait(false);
        return lists.OrderBy(p => p.Key).Select(p => p.Value).ToList();
    }

    /// <summary>The rank request the pipeline builds for the user now (null for a user it would show popular items to).</summary>
    public async Task<RankRequest?> RankRequestAsync(string userId, RetrievalFilter? filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prepared = await _pipeline.PrepareAsync(new CandidateQuery(userId, filter, IncludeSeen: false, InterestHorizon.Blended, Popular: [],
            DateTime.UtcNow + settings.CallTimeout, cancellationToken)).ConfigureAwait(false);
        if (prepared.ColdStart || prepared.Candidates.Count == 0 || prepared.Degradations.Count > 0)
        {
            return null;
        }
        var rank = prepared.RankRequest(k: 10, options: null);
        rank.AsOf = Timestamp.FromDateTimeOffset(now);
        return rank;
    }

    private async Task<SnapshotList?> ListOfAsync(ActiveUser user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rank = await RankRequestAsync(user.UserId, filter: null, now, cancellationToken).ConfigureAwait(false);
        if (rank is null)
        {
            return null;
        }
        var features = _extractor.Extract(rank.User, rank.Candidates, now);
        // The profile's own latest event (read with the candidates), so an event recorded meanwhile counts as next.
        var lastEvent = rank.User.RecentItems.Count > 0 ? rank.User.RecentItems.Max(r => r.Timestamp.ToDateTimeOffset()) : user.LastEventAt.ToDateTimeOffset();
        return SnapshotFile.ListOf(user.UserId, lastEvent, rank.Candidates.Select(c => c.ItemId).ToList(), features.Select(f => f.Vector).ToList());
    }
}
