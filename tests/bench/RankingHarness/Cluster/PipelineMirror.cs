using Grpc.Net.Client;
using Recommender.Contracts.V1;
using ClusterHost = Recommender.ClusterHarness.Cluster;

namespace Recommender.Bench.RankingHarness.Cluster;

/// <summary>
/// The gateway's Recommend up to the Rank request (gateway/Facade/RecommendPipeline.cs), called on the
/// backends directly: profile → one query per interest with quotas by probability → Retrieve → item
/// signals → the RankRequest ranking would get. The harness needs that request, which the gateway
/// does not return, for the weights' training lists and to score again without a cited item.
/// It checks that it reproduces the gateway's lists (reported as agreement).
/// </summary>
public sealed class PipelineMirror(ClusterHost cluster, MirrorSettings settings)
{
    private readonly InterestModel.InterestModelClient _interests = new(GrpcChannel.ForAddress(cluster["interest-model"].GrpcAddress));
    private readonly CandidateRetrieval.CandidateRetrievalClient _retrieval = new(GrpcChannel.ForAddress(cluster["candidate-retrieval"].GrpcAddress));

    public Contracts.V1.Ranking.RankingClient Ranking { get; } = new(GrpcChannel.ForAddress(cluster["ranking"].GrpcAddress));

    /// <summary>The Rank request for the user's top k, or null for a cold-start user (the gateway would show popular items).</summary>
    public async Task<RankRequest?> RankRequestAsync(string userId, IEnumerable<string> excludedIds, int k, RankOptions? options)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        var profile = await _interests.GetInterestsAsync(new GetInterestsRequest { UserId = userId, TopK = settings.Interests, RecentItems = settings.SeenItems }, deadline: deadline);
        var queries = profile.ColdStart ? [] : Queries(profile);
        if (queries.Count == 0)
        {
            return null;
        }
        var filter = new RetrievalFilter();
        filter.ExcludeItemIds.AddRange(excludedIds);
        filter.ExcludeItemIds.AddRange(profile.RecentItems.Select(i => i.ItemId).Where(id => !filter.ExcludeItemIds.Contains(id)));
        var retrieve = new RetrieveRequest { K = Math.Min(settings.CandidatePool, queries.Sum(q => q.Quota)), IncludeVectors = true, Filter = filter };
        retrieve.Queries.AddRange(queries);
        var candidates = (await _retrieval.RetrieveAsync(retrieve, deadline: deadline)).Candidates.ToList();
        candidates.AddRange(await CovisitedAsync(userId, profile, filter, candidates, deadline));
        if (candidates.Count == 0)
        {
            return null;
        }
        var signalsRequest = new GetItemSignalsRequest { UserId = userId };
        signalsRequest.CandidateIds.AddRange(candidates.Select(c => c.Item.Id));
        var signals = (await _interests.GetItemSignalsAsync(signalsRequest, deadline: deadline)).Signals.ToDictionary(s => s.ItemId, StringComparer.Ordinal);
        var rank = new RankRequest { User = UserContextOf(userId, profile), K = Math.Min(k, candidates.Count), Options = options };
        rank.Candidates.AddRange(candidates.Select(c => RankCandidateOf(c, signals)));
        return rank;
    }

    /// <summary>The gateway's co-visited candidates: not retrieved, not excluded, each under the interest its category falls in.</summary>
    private async Task<List<Candidate>> CovisitedAsync(string userId, InterestProfile profile, RetrievalFilter filter, List<Candidate> retrieved, DateTime deadline)
    {
        if (settings.CovisitedCandidates == 0)
        {
            return [];
        }
        var covisited = await _interests.GetCovisitedItemsAsync(new GetCovisitedItemsRequest { UserId = userId, K = settings.CovisitedCandidates }, deadline: deadline);
        var known = retrieved.Select(c => c.Item.Id).Concat(filter.ExcludeItemIds).ToHashSet(StringComparer.Ordinal);
        var request = new GetItemsRequest { IncludeVectors = true };
        request.Ids.AddRange(covisited.Items.Select(i => i.ItemId).Where(id => !known.Contains(id)));
        if (request.Ids.Count == 0)
        {
            return [];
        }
        var interests = profile.TopInterests.Where(i => i.Vector.Count > 0).ToList();
        return (await _retrieval.GetItemsAsync(request, deadline: deadline)).Items
            .Select(item => new Candidate
            {
                Item = item,
                InterestId = (interests.Where(i => item.CategoryPath == i.CategoryPath || item.CategoryPath.StartsWith(i.CategoryPath + "/", StringComparison.Ordinal))
                    .MaxBy(i => i.CategoryPath.Length) ?? interests[0]).CategoryPath,
            })
            .ToList();
    }

    private List<InterestQuery> Queries(InterestProfile profile)
    {
        var interests = profile.TopInterests.Where(i => i.Vector.Count > 0 && i.Probability > 0).ToList();
        var total = interests.Sum(i => i.Probability);
        return interests.Select(interest =>
        {
            var quota = Math.Max(settings.MinQuotaPerInterest, (int)Math.Round(settings.CandidatePool * interest.Probability / total));
            var query = new InterestQuery { InterestId = interest.CategoryPath, Weight = interest.Probability, Quota = quota };
            query.Vector.AddRange(interest.Vector);
            return query;
        }).ToList();
    }

    private static UserContext UserContextOf(string userId, InterestProfile profile)
    {
        var user = new UserContext { UserId = userId, ColdStart = profile.ColdStart };
        user.Categories.AddRange(profile.LongTerm.Nodes.Select(n => new CategoryProbability { CategoryPath = n.CategoryPath, Probability = n.Probability }));
        foreach (var interest in profile.TopInterests.Where(i => i.Vector.Count > 0))
        {
            var userInterest = new UserInterest { InterestId = interest.CategoryPath, CategoryPath = interest.CategoryPath, Probability = interest.Probability };
            userInterest.Vector.AddRange(interest.Vector);
            user.Interests.Add(userInterest);
        }
        user.OverallVector.AddRange(profile.OverallVector);
        user.RecentItems.AddRange(profile.RecentItems);
        return user;
    }

    private static RankCandidate RankCandidateOf(Candidate candidate, Dictionary<string, ItemSignals> signals)
    {
        var rank = new RankCandidate
        {
            ItemId = candidate.Item.Id,
            Title = candidate.Item.Title,
            CategoryPath = candidate.Item.CategoryPath,
            InterestId = candidate.InterestId,
            CreatedAt = candidate.Item.CreatedAt,
        };
        if (candidate.Score != 0)
        {
            rank.RetrievalScore = candidate.Score;
        }
        rank.Vector.AddRange(candidate.Item.Vector);
        if (signals.TryGetValue(candidate.Item.Id, out var signal))
        {
            rank.Covisitation = signal.Covisitation;
            rank.Popularity = signal.Popularity;
            rank.CovisitSources.AddRange(signal.Sources);
        }
        return rank;
    }
}
