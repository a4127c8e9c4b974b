using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Contracts.V1;
using Recommender.Gateway.Backends;

namespace Recommender.Gateway.Facade;

/// <summary>
/// Recommend: the user's interest profile, then retrieval for each interest vector with quotas by
/// interest probability, then item signals, then ranking. Each step has a fallback: without the
/// interest model, popular and diverse items; without signals, ranking without them; without
/// ranking, retrieval order. Only a catalog that cannot be reached fails the call (UNAVAILABLE).
/// The response says which fallbacks were used and why.
/// </summary>
public sealed class RecommendPipeline(DownstreamCaller downstream, PopularItemsCache popular, IOptions<GatewayOptions> options, ILogger<RecommendPipeline> logger)
{
    private static readonly Meter Meter = new("Recommender.Gateway");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("gateway.recommend.duration", "ms", "Recommend latency inside the gateway.");
    private static readonly Counter<long> Degraded = Meter.CreateCounter<long>("gateway.recommend.degraded", description: "Recommend answers that used a fallback, by component.");

    private readonly RecommendOptions _options = options.Value.Recommend;

    public async Task<RecommendResponse> RecommendAsync(RecommendRequest request, CallScope scope)
    {
        var started = Stopwatch.GetTimestamp();
        var k = Validate(request);
        var response = new RecommendResponse();
        var profile = await GetProfileAsync(request.UserId, scope, response).ConfigureAwait(false);

        var seen = request.IncludeSeen || profile is null ? [] : profile.RecentItems.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
        // A user without history gets popular items (ranking spreads them over categories), not the population's interests.
        var queries = profile is null || profile.ColdStart ? [] : InterestQueries(profile);
        var candidates = queries.Count > 0
            ? await RetrieveAsync(queries, request.Filter, seen, scope).ConfigureAwait(false)
            : await PopularCandidatesAsync(request.Filter, seen, scope, response).ConfigureAwait(false);
        if (queries.Count > 0)
        {
            candidates.AddRange(await CovisitedCandidatesAsync(request.UserId, profile!, request.Filter, seen, candidates, scope).ConfigureAwait(false));
        }
        response.ColdStart = profile is null || profile.ColdStart;

        var signals = candidates.Count > 0 && profile is not null
            ? await GetSignalsAsync(request.UserId, candidates, scope, response).ConfigureAwait(false)
            : null;
        var ranked = candidates.Count > 0
            ? await RankAsync(request, k, profile, candidates, signals, scope, response).ConfigureAwait(false)
            : [];
        var byId = candidates.ToDictionary(c => c.Item.Id, StringComparer.Ordinal);
        foreach (var item in ranked)
        {
            var candidate = byId[item.ItemId];
            var recommended = new Recommendation
            {
                Item = candidate.Item.Clone(),
                Score = item.Score,
                Probability = item.Probability,
                Reason = item.Reason,
                InterestCategory = candidate.InterestId,
            };
            recommended.Item.Vector.Clear();
            if (request.Explain)
            {
                recommended.Contributions.AddRange(item.Contributions);
            }
            response.Items.Add(recommended);
        }
        response.Degraded = response.Degradations.Count > 0;
        foreach (var degradation in response.Degradations)
        {
            Degraded.Add(1, new KeyValuePair<string, object?>("component", degradation.Component));
        }
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return response;
    }

    private int Validate(RecommendRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.UserId) || request.UserId.Length > 128)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "user_id must be 1 to 128 characters."));
        }
        if (request.K < 0 || request.K > _options.MaxK)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"k must be 0 (for {_options.DefaultK}) to {_options.MaxK}, got {request.K}."));
        }
        return request.K == 0 ? _options.DefaultK : request.K;
    }

    private async Task<InterestProfile?> GetProfileAsync(string userId, CallScope scope, RecommendResponse response)
    {
        try
        {
            return await downstream.ReadAsync(BackendNames.InterestModel, scope, (invoker, call) =>
                new InterestModel.InterestModelClient(invoker).GetInterestsAsync(
                    new GetInterestsRequest { UserId = userId, TopK = _options.Interests, RecentItems = _options.SeenItems }, call).ResponseAsync).ConfigureAwait(false);
        }
        catch (RpcException e) when (IsOutage(e))
        {
            logger.LogDebug("Interest model unavailable for {User}: {Detail}", userId, e.Status.Detail);
            response.Degradations.Add(new Degradation { Component = BackendNames.InterestModel, Reason = $"{e.Status.Detail} Showing popular, diverse items instead of personal ones." });
            return null;
        }
    }

    /// <summary>One query per interest with a vector, its quota a share of the pool by probability (at least the minimum).</summary>
    private List<InterestQuery> InterestQueries(InterestProfile profile)
    {
        var interests = profile.TopInterests.Where(i => i.Vector.Count > 0 && i.Probability > 0).ToList();
        var total = interests.Sum(i => i.Probability);
        var queries = new List<InterestQuery>(interests.Count);
        foreach (var interest in interests)
        {
            var quota = Math.Max(_options.MinQuotaPerInterest, (int)Math.Round(_options.CandidatePool * interest.Probability / total));
            var query = new InterestQuery { InterestId = interest.CategoryPath, Weight = interest.Probability, Quota = quota };
            query.Vector.AddRange(interest.Vector);
            queries.Add(query);
        }
        return queries;
    }

    private async Task<List<Candidate>> RetrieveAsync(List<InterestQuery> queries, RetrievalFilter? filter, HashSet<string> seen, CallScope scope)
    {
        var request = new RetrieveRequest { K = Math.Min(_options.CandidatePool, queries.Sum(q => q.Quota)), IncludeVectors = true, Filter = WithSeenExcluded(filter, seen) };
        request.Queries.AddRange(queries);
        try
        {
            var response = await downstream.ReadAsync(BackendNames.CandidateRetrieval, scope, (invoker, call) =>
                new CandidateRetrieval.CandidateRetrievalClient(invoker).RetrieveAsync(request, call).ResponseAsync).ConfigureAwait(false);
            return response.Candidates.ToList();
        }
        catch (RpcException e) when (IsOutage(e))
        {
            throw CatalogUnavailable(e);
        }
    }

    /// <summary>
    /// Items co-visited with the user's recent items that retrieval did not find (what people who liked the same things
    /// liked next, which content similarity cannot see), each under the interest its category falls in. Optional: when
    /// it fails, retrieval's candidates are ranked alone.
    /// </summary>
    private async Task<List<Candidate>> CovisitedCandidatesAsync(string userId, InterestProfile profile, RetrievalFilter? filter, HashSet<string> seen,
        List<Candidate> retrieved, CallScope scope)
    {
        if (_options.CovisitedCandidates == 0)
        {
            return [];
        }
        try
        {
            var covisited = await downstream.ReadAsync(BackendNames.InterestModel, scope, (invoker, call) =>
                new InterestModel.InterestModelClient(invoker).GetCovisitedItemsAsync(
                    new GetCovisitedItemsRequest { UserId = userId, K = _options.CovisitedCandidates }, call).ResponseAsync).ConfigureAwait(false);
            var known = retrieved.Select(c => c.Item.Id).Concat(seen).Concat(filter?.ExcludeItemIds ?? []).ToHashSet(StringComparer.Ordinal);
            var request = new GetItemsRequest { IncludeVectors = true };
            request.Ids.AddRange(covisited.Items.Select(i => i.ItemId).Where(id => !known.Contains(id)));
            if (request.Ids.Count == 0)
            {
                return [];
            }
            var items = await downstream.ReadAsync(BackendNames.CandidateRetrieval, scope, (invoker, call) =>
                new CandidateRetrieval.CandidateRetrievalClient(invoker).GetItemsAsync(request, call).ResponseAsync).ConfigureAwait(false);
            return items.Items.Where(item => Matches(item, filter))
                .Select(item => new Candidate { Item = item, InterestId = InterestOf(item.CategoryPath, profile) })
                .ToList();
        }
        catch (RpcException e) when (IsOutage(e))
        {
            logger.LogDebug("No co-visited candidates for {User}: {Detail}", userId, e.Status.Detail);
            return [];
        }
    }

    /// <summary>The top interest whose category is the longest prefix of <paramref name="categoryPath"/>; the first interest when none is.</summary>
    private static string InterestOf(string categoryPath, InterestProfile profile)
    {
        var interests = profile.TopInterests.Where(i => i.Vector.Count > 0).ToList();
        var best = interests
            .Where(i => categoryPath == i.CategoryPath || categoryPath.StartsWith(i.CategoryPath + "/", StringComparison.Ordinal))
            .MaxBy(i => i.CategoryPath.Length);
        return (best ?? interests[0]).CategoryPath;
    }

    /// <summary>For a user without history, or without the interest model: the most popular items in the catalog.</summary>
    private async Task<List<Candidate>> PopularCandidatesAsync(RetrievalFilter? filter, HashSet<string> seen, CallScope scope, RecommendResponse response)
    {
        var popularIds = popular.Snapshot();
        try
        {
            if (popularIds.Count == 0)
            {
                if (response.Degradations.Count > 0)
                {
                    response.Degradations.Add(new Degradation { Component = "popularity", Reason = "No popularity is known yet (the interest model has not answered since the gateway started); showing catalog items across categories." });
                }
                return await CatalogSampleAsync(filter, seen, scope).ConfigureAwait(false);
            }
            var request = new GetItemsRequest { IncludeVectors = true };
            request.Ids.AddRange(popularIds.Where(p => !seen.Contains(p.ItemId)).Take(_options.CandidatePool).Select(p => p.ItemId));
            var items = await downstream.ReadAsync(BackendNames.CandidateRetrieval, scope, (invoker, call) =>
                new CandidateRetrieval.CandidateRetrievalClient(invoker).GetItemsAsync(request, call).ResponseAsync).ConfigureAwait(false);
            var popularity = popularIds.ToDictionary(p => p.ItemId, p => p.Popularity, StringComparer.Ordinal);
            return items.Items.Where(item => Matches(item, filter))
                .Select(item => new Candidate { Item = item, InterestId = "popular", Score = (float)popularity.GetValueOrDefault(item.Id) })
                .ToList();
        }
        catch (RpcException e) when (IsOutage(e))
        {
            throw CatalogUnavailable(e);
        }
    }

    /// <summary>The first page of the catalog under the filter, when nothing better is known.</summary>
    private async Task<List<Candidate>> CatalogSampleAsync(RetrievalFilter? filter, HashSet<string> seen, CallScope scope)
    {
        var request = new ListItemsRequest { PageSize = _options.CandidatePool, IncludeVectors = true };
        if (filter?.IncludeCategories is { Count: 1 } only)
        {
            request.CategoryPrefix = only[0];
        }
        var page = await downstream.ReadAsync(BackendNames.CandidateRetrieval, scope, (invoker, call) =>
            new CandidateRetrieval.CandidateRetrievalClient(invoker).ListItemsAsync(request, call).ResponseAsync).ConfigureAwait(false);
        return page.Items.Where(item => !seen.Contains(item.Id) && Matches(item, filter))
            .Select(item => new Candidate { Item = item, InterestId = "catalog" })
            .ToList();
    }

    private async Task<Dictionary<string, ItemSignals>?> GetSignalsAsync(string userId, List<Candidate> candidates, CallScope scope, RecommendResponse response)
    {
        var request = new GetItemSignalsRequest { UserId = userId };
        request.CandidateIds.AddRange(candidates.Select(c => c.Item.Id));
        try
        {
            var signals = await downstream.ReadAsync(BackendNames.InterestModel, scope, (invoker, call) =>
                new InterestModel.InterestModelClient(invoker).GetItemSignalsAsync(request, call).ResponseAsync).ConfigureAwait(false);
            return signals.Signals.ToDictionary(s => s.ItemId, StringComparer.Ordinal);
        }
        catch (RpcException e) when (IsOutage(e))
        {
            response.Degradations.Add(new Degradation { Component = BackendNames.InterestModel, Reason = $"Item signals unavailable ({e.Status.Detail}); ranked without co-visitation and popularity." });
            return null;
        }
    }

    private async Task<IReadOnlyList<RankedItem>> RankAsync(RecommendRequest request, int k, InterestProfile? profile, List<Candidate> candidates,
        Dictionary<string, ItemSignals>? signals, CallScope scope, RecommendResponse response)
    {
        var rank = new RankRequest { User = UserContextOf(request.UserId, profile), K = Math.Min(k, candidates.Count), Options = request.RankOptions };
        rank.Candidates.AddRange(candidates.Select(c => RankCandidateOf(c, signals)));
        try
        {
            var ranked = await downstream.ReadAsync(BackendNames.Ranking, scope, (invoker, call) =>
                new Contracts.V1.Ranking.RankingClient(invoker).RankAsync(rank, call).ResponseAsync).ConfigureAwait(false);
            return ranked.Items;
        }
        catch (RpcException e) when (IsOutage(e))
        {
            response.Degradations.Add(new Degradation { Component = BackendNames.Ranking, Reason = $"{e.Status.Detail} Showing retrieval order." });
            return RetrievalOrder(candidates, profile, k);
        }
    }

    /// <summary>Ranking's fallback: candidates by retrieval score, spread over their interests in turn so the list stays diverse.</summary>
    private static List<RankedItem> RetrievalOrder(List<Candidate> candidates, InterestProfile? profile, int k)
    {
        var probability = profile?.TopInterests.ToDictionary(i => i.CategoryPath, i => i.Probability, StringComparer.Ordinal) ?? new Dictionary<string, double>();
        var byInterest = candidates.GroupBy(c => c.InterestId).Select(g => new Queue<Candidate>(g.OrderByDescending(c => c.Score))).ToList();
        var ordered = new List<Candidate>(k);
        while (ordered.Count < k && byInterest.Any(q => q.Count > 0))
        {
            foreach (var queue in byInterest.Where(q => q.Count > 0))
            {
                if (ordered.Count == k)
                {
                    break;
                }
                ordered.Add(queue.Dequeue());
            }
        }
        return ordered.Select((c, position) => new RankedItem
        {
            ItemId = c.Item.Id,
            Score = c.Score,
            Probability = 1.0 / ordered.Count,
            CategoryPath = c.Item.CategoryPath,
            InterestId = c.InterestId,
            Reason = probability.TryGetValue(c.InterestId, out var p)
                ? new Reason { Kind = Reason.Types.Kind.InterestMatch, CategoryPath = c.InterestId, Probability = p, Text = $"Matches your interest in {LastSegment(c.InterestId)} ({p:P0})" }
                : c.InterestId == "popular"
                    ? new Reason { Kind = Reason.Types.Kind.Popular, Text = "Popular right now" }
                    : new Reason { Kind = Reason.Types.Kind.Unspecified, Text = $"From {LastSegment(c.Item.CategoryPath)}" },
        }).ToList();
    }

    private static UserContext UserContextOf(string userId, InterestProfile? profile)
    {
        var user = new UserContext { UserId = userId, ColdStart = profile is null || profile.ColdStart };
        if (profile is null)
        {
            return user;
        }
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

    private static RankCandidate RankCandidateOf(Candidate candidate, Dictionary<string, ItemSignals>? signals)
    {
        var rank = new RankCandidate
        {
            ItemId = candidate.Item.Id,
            Title = candidate.Item.Title,
            CategoryPath = candidate.Item.CategoryPath,
            InterestId = candidate.InterestId,
            CreatedAt = candidate.Item.CreatedAt,
        };
        rank.Vector.AddRange(candidate.Item.Vector);
        if (candidate.InterestId is not ("popular" or "catalog") && candidate.Score != 0)
        {
            rank.RetrievalScore = candidate.Score;
        }
        if (signals is not null && signals.TryGetValue(candidate.Item.Id, out var signal))
        {
            rank.Covisitation = signal.Covisitation;
            rank.Popularity = signal.Popularity;
            rank.CovisitSources.AddRange(signal.Sources);
        }
        return rank;
    }

    private static RetrievalFilter WithSeenExcluded(RetrievalFilter? filter, HashSet<string> seen)
    {
        var result = filter?.Clone() ?? new RetrievalFilter();
        result.ExcludeItemIds.AddRange(seen.Where(id => !result.ExcludeItemIds.Contains(id)));
        return result;
    }

    /// <summary>The retrieval filter applied to one item (for candidates that did not come through retrieval).</summary>
    private static bool Matches(Item item, RetrievalFilter? filter)
    {
        if (filter is null)
        {
            return true;
        }
        static bool Under(string path, string prefix) => path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal);
        return (filter.IncludeCategories.Count == 0 || filter.IncludeCategories.Any(p => Under(item.CategoryPath, p)))
            && !filter.ExcludeCategories.Any(p => Under(item.CategoryPath, p))
            && !filter.ExcludeItemIds.Contains(item.Id)
            && filter.Attributes.All(a => item.Attributes.TryGetValue(a.Key, out var value) && value == a.Value);
    }

    private static bool IsOutage(RpcException e) =>
        e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.ResourceExhausted;

    private static RpcException CatalogUnavailable(RpcException e) =>
        new(new Status(StatusCode.Unavailable, $"Recommendations need the catalog, which cannot be reached: {e.Status.Detail}", e));

    private static string LastSegment(string path) => path[(path.LastIndexOf('/') + 1)..];
}
