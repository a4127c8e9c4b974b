using Grpc.Core;
using Recommender.Contracts.V1;

namespace Recommender.Pipeline;

/// <summary>
/// Recommend up to the Rank request: the user's interest profile, retrieval for each interest vector
/// with quotas by the blended interest probability, the items co-visited with the user's recent items,
/// then the item signals. Calls that do not need each other's answers run together: the profile with
/// the co-visited list, retrieval with the co-visited items' lookup. Each step has a fallback (recorded
/// as a degradation): without the interest model, popular items; without signals, none. Only a catalog
/// that cannot be reached fails (UNAVAILABLE).
/// </summary>
public sealed class CandidatePipeline(IBackendReader backends, PipelineOptions options)
{
    /// <summary>The interest id of candidates that are there for being popular.</summary>
    public const string PopularInterest = "popular";

    /// <summary>The interest id of candidates from the catalog's first page (nothing better known).</summary>
    public const string CatalogInterest = "catalog";

    public PipelineOptions Options => options;

    public async Task<PreparedRanking> PrepareAsync(CandidateQuery query)
    {
        var degradations = new List<Degradation>();
        var covisitedTask = CovisitedIdsAsync(query);
        var profile = await ProfileAsync(query, degradations).ConfigureAwait(false);
        var seen = query.IncludeSeen || profile is null ? new HashSet<string>() : profile.RecentItems.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);

        var blend = profile is null || profile.ColdStart ? null : InterestBlend.Of(profile, query.Horizon, options.ShortTermFloor);
        var interests = blend is null ? [] : InterestsOf(profile!, blend);
        if (interests.Count == 0)
        {
            // A user without history gets popular items (ranking spreads them over categories), not the population's interests.
            await covisitedTask.ConfigureAwait(false);
            var popular = await PopularCandidatesAsync(query, seen, degradations).ConfigureAwait(false);
            var popularSignals = popular.Count > 0 && profile is not null ? await SignalsAsync(query, popular, degradations).ConfigureAwait(false) : null;
            return new PreparedRanking { Profile = profile, Blend = blend, Candidates = popular, Signals = popularSignals, Degradations = degradations };
        }
        var filter = ItemFilter.WithSeenExcluded(query.Filter, seen);
        var retrievedTask = RetrieveAsync(interests, filter, query);
        var recentVectorsTask = RecentVectorsAsync(profile!, query);
        var covisitedItemsTask = CovisitedItemsAsync(await covisitedTask.ConfigureAwait(false), filter, query);
        var candidates = await retrievedTask.ConfigureAwait(false);
        var recentVectors = await recentVectorsTask.ConfigureAwait(false);
        var retrievedIds = candidates.Select(c => c.Item.Id).ToHashSet(StringComparer.Ordinal);
        candidates.AddRange((await covisitedItemsTask.ConfigureAwait(false))
            .Where(item => !retrievedIds.Contains(item.Id))
            .Select(item => new Candidate { Item = item, InterestId = InterestOf(item.CategoryPath, interests) }));

        var signals = candidates.Count > 0 ? await SignalsAsync(query, candidates, degradations).ConfigureAwait(false) : null;
        return new PreparedRanking
        {
            Profile = profile, Blend = blend, Interests = interests, Candidates = candidates, Signals = signals, Degradations = degradations, RecentVectors = recentVectors,
        };
    }

    /// <summary>The embeddings of the user's most recent items (empty when the catalog does not answer: the reasons then say less).</summary>
    private async Task<IReadOnlyDictionary<string, Item>> RecentVectorsAsync(InterestProfile profile, CandidateQuery query)
    {
        var request = new GetItemsRequest { IncludeVectors = true };
        request.Ids.AddRange(profile.RecentItems.Take(options.RecentItemVectors).Select(r => r.ItemId).Distinct(StringComparer.Ordinal));
        if (request.Ids.Count == 0)
        {
            return new Dictionary<string, Item>();
        }
        try
        {
            var items = await Read(PipelineBackends.CandidateRetrieval, query, (invoker, call) =>
                new CandidateRetrieval.CandidateRetrievalClient(invoker).GetItemsAsync(request, call).ResponseAsync).ConfigureAwait(false);
            return items.Items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        }
        catch (RpcException e) when (ItemFilter.IsOutage(e))
        {
            return new Dictionary<string, Item>();
        }
    }

    private async Task<InterestProfile?> ProfileAsync(CandidateQuery query, List<Degradation> degradations)
    {
        try
        {
            // Twice the interests asked for, so an interest that is strong only in the short term can make the cut after blending.
            var request = new GetInterestsRequest { UserId = query.UserId, TopK = Math.Min(50, options.Interests * 2), RecentItems = options.SeenItems };
            return await Read(PipelineBackends.InterestModel, query, (invoker, call) =>
                new InterestModel.InterestModelClient(invoker).GetInterestsAsync(request, call).ResponseAsync).ConfigureAwait(false);
        }
        catch (RpcException e) when (ItemFilter.IsOutage(e))
        {
            degradations.Add(new Degradation { Component = PipelineBackends.InterestModel, Reason = $"{e.Status.Detail} Showing popular, diverse items instead of personal ones." });
            return null;
        }
    }

    /// <summary>The top interests with a vector by blended probability, each with that probability.</summary>
    private List<UserInterest> InterestsOf(InterestProfile profile, InterestBlend blend) =>
        profile.TopInterests
            .Where(i => i.Vector.Count > 0)
            .Select(i =>
            {
                var interest = new UserInterest { InterestId = i.CategoryPath, CategoryPath = i.CategoryPath, Probability = blend.ProbabilityOf(i.CategoryPath) };
                interest.Vector.AddRange(i.Vector);
                return interest;
            })
            .Where(i => i.Probability > 0)
            .OrderByDescending(i => i.Probability)
            .Take(options.Interests)
            .ToList();

    private async Task<List<Candidate>> RetrieveAsync(List<UserInterest> interests, RetrievalFilter filter, CandidateQuery query)
    {
        var total = interests.Sum(i => i.Probability);
        var request = new RetrieveRequest { IncludeVectors = true, Filter = filter };
        foreach (var interest in interests)
        {
            var quota = Math.Max(options.MinQuotaPerInterest, (int)Math.Round(options.CandidatePool * interest.Probability / total));
            var interestQuery = new InterestQuery { InterestId = interest.InterestId, Weight = interest.Probability, Quota = quota };
            interestQuery.Vector.AddRange(interest.Vector);
            request.Queries.Add(interestQuery);
        }
        request.K = Math.Min(options.CandidatePool, request.Queries.Sum(q => q.Quota));
        try
        {
            var response = await Read(PipelineBackends.CandidateRetrieval, query, (invoker, call) =>
                new CandidateRetrieval.CandidateRetrievalClient(invoker).RetrieveAsync(request, call).ResponseAsync).ConfigureAwait(false);
            return response.Candidates.ToList();
        }
        catch (RpcException e) when (ItemFilter.IsOutage(e))
        {
            throw CatalogUnavailable(e);
        }
    }

    /// <summary>
    /// Items co-visited with the user's recent items (what people who liked the same things liked next, which content
    /// similarity cannot see). Optional: when it fails, retrieval's candidates are ranked alone.
    /// </summary>
    private async Task<IReadOnlyList<string>> CovisitedIdsAsync(CandidateQuery query)
    {
        if (options.CovisitedCandidates == 0)
        {
            return [];
        }
        try
        {
            var covisited = await Read(PipelineBackends.InterestModel, query, (invoker, call) =>
                new InterestModel.InterestModelClient(invoker).GetCovisitedItemsAsync(
                    new GetCovisitedItemsRequest { UserId = query.UserId, K = options.CovisitedCandidates }, call).ResponseAsync).ConfigureAwait(false);
            return covisited.Items.Select(i => i.ItemId).ToList();
        }
        catch (RpcException e) when (ItemFilter.IsOutage(e))
        {
            return [];
        }
    }

    private async Task<IReadOnlyList<Item>> CovisitedItemsAsync(IReadOnlyList<string> ids, RetrievalFilter filter, CandidateQuery query)
    {
        var request = new GetItemsRequest { IncludeVectors = true };
        request.Ids.AddRange(ids.Where(id => !filter.ExcludeItemIds.Contains(id)));
        if (request.Ids.Count == 0)
        {
            return [];
        }
        try
        {
            var items = await Read(PipelineBackends.CandidateRetrieval, query, (invoker, call) =>
                new CandidateRetrieval.CandidateRetrievalClient(invoker).GetItemsAsync(request, call).ResponseAsync).ConfigureAwait(false);
            return items.Items.Where(item => ItemFilter.Matches(item, filter)).ToList();
        }
        catch (RpcException e) when (ItemFilter.IsOutage(e))
        {
            return [];
        }
    }

    /// <summary>The interest whose category is the longest prefix of <paramref name="categoryPath"/>; the strongest interest when none is.</summary>
    private static string InterestOf(string categoryPath, List<UserInterest> interests) =>
        (interests
            .Where(i => categoryPath == i.CategoryPath || categoryPath.StartsWith(i.CategoryPath + "/", StringComparison.Ordinal))
            .MaxBy(i => i.CategoryPath.Length) ?? interests[0]).InterestId;

    /// <summary>For a user without history, or without the interest model: the most popular items in the catalog.</summary>
    private async Task<List<Candidate>> PopularCandidatesAsync(CandidateQuery query, HashSet<string> seen, List<Degradation> degradations)
    {
        try
        {
            if (query.Popular.Count == 0)
            {
                if (degradations.Count > 0)
                {
                    degradations.Add(new Degradation { Component = "popularity", Reason = "No popularity is known yet (the interest model has not answered since the gateway started); showing catalog items across categories." });
                }
                return await CatalogSampleAsync(query, seen).ConfigureAwait(false);
            }
            var request = new GetItemsRequest { IncludeVectors = true };
            request.Ids.AddRange(query.Popular.Where(p => !seen.Contains(p.ItemId)).Take(options.CandidatePool).Select(p => p.ItemId));
            var items = await Read(PipelineBackends.CandidateRetrieval, query, (invoker, call) =>
                new CandidateRetrieval.CandidateRetrievalClient(invoker).GetItemsAsync(request, call).ResponseAsync).ConfigureAwait(false);
            var popularity = query.Popular.ToDictionary(p => p.ItemId, p => p.Popularity, StringComparer.Ordinal);
            return items.Items.Where(item => ItemFilter.Matches(item, query.Filter))
                .Select(item => new Candidate { Item = item, InterestId = PopularInterest, Score = (float)popularity.GetValueOrDefault(item.Id) })
                .ToList();
        }
        catch (RpcException e) when (ItemFilter.IsOutage(e))
        {
            throw CatalogUnavailable(e);
        }
    }

    /// <summary>The first page of the catalog under the filter, when nothing better is known.</summary>
    private async Task<List<Candidate>> CatalogSampleAsync(CandidateQuery query, HashSet<string> seen)
    {
        var request = new ListItemsRequest { PageSize = options.CandidatePool, IncludeVectors = true };
        if (query.Filter?.IncludeCategories is { Count: 1 } only)
        {
            request.CategoryPrefix = only[0];
        }
        var page = await Read(PipelineBackends.CandidateRetrieval, query, (invoker, call) =>
            new CandidateRetrieval.CandidateRetrievalClient(invoker).ListItemsAsync(request, call).ResponseAsync).ConfigureAwait(false);
        return page.Items.Where(item => !seen.Contains(item.Id) && ItemFilter.Matches(item, query.Filter))
            .Select(item => new Candidate { Item = item, InterestId = CatalogInterest })
            .ToList();
    }

    private async Task<Dictionary<string, ItemSignals>?> SignalsAsync(CandidateQuery query, List<Candidate> candidates, List<Degradation> degradations)
    {
        var request = new GetItemSignalsRequest { UserId = query.UserId };
        request.CandidateIds.AddRange(candidates.Select(c => c.Item.Id));
        try
        {
            var signals = await Read(PipelineBackends.InterestModel, query, (invoker, call) =>
                new InterestModel.InterestModelClient(invoker).GetItemSignalsAsync(request, call).ResponseAsync).ConfigureAwait(false);
            return signals.Signals.ToDictionary(s => s.ItemId, StringComparer.Ordinal);
        }
        catch (RpcException e) when (ItemFilter.IsOutage(e))
        {
            degradations.Add(new Degradation { Component = PipelineBackends.InterestModel, Reason = $"Item signals unavailable ({e.Status.Detail}); ranked without co-visitation and popularity." });
            return null;
        }
    }

    private Task<T> Read<T>(string backend, CandidateQuery query, Func<CallInvoker, CallOptions, Task<T>> call) =>
        backends.ReadAsync(backend, query.Deadline, query.CancellationToken, call);

    private static RpcException CatalogUnavailable(RpcException e) =>
        new(new Status(StatusCode.Unavailable, $"Recommendations need the catalog, which cannot be reached: {e.Status.Detail}", e));
}
