using System.Diagnostics;
using Recommender.CandidateRetrieval.Persistence;
using Recommender.CandidateRetrieval.Retrieval;
using Recommender.Contracts.V1;
using InterestQuery = Recommender.CandidateRetrieval.Retrieval.InterestQuery;
using RetrievalFilter = Recommender.CandidateRetrieval.Retrieval.RetrievalFilter;

namespace Recommender.CandidateRetrieval.Service;

/// <summary>
/// Retrieve: validates the request in the contract's terms, turns quotas of 0 into shares of k proportional to weight,
/// runs the <see cref="MultiInterestRetriever"/> (one filtered index search per interest, de-duplication keeping each
/// item's best weighted score and the query that found it, quotas, spare room shared by weight), and attaches the
/// catalog's items. A candidate's score is the cosine similarity to the query that found it; candidates are ordered
/// by weight × similarity.
/// </summary>
internal sealed class RetrieveHandler(CatalogStore store, CandidateRetrievalOptions options, ServiceMetrics metrics)
{
    public RetrieveResponse Retrieve(RetrieveRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        var catalog = store.Catalog;
        Validate(request, catalog.Dimension);
        var vectors = catalog.Vectors;
        var response = new RetrieveResponse { Exact = request.Exact };
        if (vectors is null)
        {
            return response; // an empty catalog has no candidates
        }

        var result = vectors.Retriever.Retrieve(new RetrievalRequest(
            Queries(request),
            request.K,
            Filter(request.Filter),
            request.EfSearch == 0 ? null : request.EfSearch,
            request.Exact));
        foreach (var found in result.Candidates)
        {
            if (!catalog.TryGet(found.ItemId, out var entry))
            {
                continue; // deleted while the search ran
            }
            var item = entry.Item;
            if (request.IncludeVectors)
            {
                var vector = vectors.Index.GetVector(found.ItemId);
                if (vector is null)
                {
                    continue;
                }
                item = item.Clone();
                item.Vector.AddRange(vector);
            }
            response.Candidates.Add(new Candidate
            {
                Item = item,
                Score = found.Similarity,
                InterestId = request.Queries[found.QueryIndex].InterestId,
                QueryIndex = found.QueryIndex,
            });
        }
        response.Exact = request.Exact || vectors.Index.Count <= options.Index.ExactSearchThreshold;
        metrics.Retrieved(Stopwatch.GetElapsedTime(started), response.Exact, response.Candidates.Count);
        return response;
    }

    /// <summary>The retriever's queries; a quota of 0 becomes the query's share of k by weight (at least 1).</summary>
    private static List<InterestQuery> Queries(RetrieveRequest request)
    {
        var weights = request.Queries.Select(q => q.Weight).ToList();
        var shares = QuotaAllocator.Split(request.K, weights, weights.Select(_ => request.K).ToList());
        return request.Queries.Select((q, i) => new InterestQuery(
            q.Vector.ToArray(),
            (float)q.Weight,
            q.Quota > 0 ? q.Quota : Math.Max(1, shares[i]))).ToList();
    }

    private static RetrievalFilter? Filter(Contracts.V1.RetrievalFilter? filter) => filter is null ? null : new RetrievalFilter
    {
        IncludeCategoryPrefixes = filter.IncludeCategories,
        ExcludeCategoryPrefixes = filter.ExcludeCategories,
        ExcludeItemIds = filter.ExcludeItemIds,
        AttributeEquals = filter.Attributes.ToDictionary(StringComparer.Ordinal),
    };

    private void Validate(RetrieveRequest request, int dimension)
    {
        var limits = options.Limits;
        Fields.Count(request.Queries.Count, 1, limits.MaxQueries, "queries", "MaxQueries", "queries");
        if (request.K < 1 || request.K > limits.MaxK)
        {
            throw new RequestValidationException("k", $"k is {request.K}; it must be between 1 and {Fields.Limit(limits.MaxK, "MaxK")}");
        }
        if (request.EfSearch < 0 || request.EfSearch > limits.MaxEfSearch)
        {
            throw new RequestValidationException("ef_search",
                $"ef_search is {request.EfSearch}; it must be between 0 (the configured default) and {Fields.Limit(limits.MaxEfSearch, "MaxEfSearch")}");
        }
        for (var q = 0; q < request.Queries.Count; q++)
        {
            var query = request.Queries[q];
            var at = $"queries[{q}]";
            Fields.Length(query.InterestId, limits.MaxInterestIdLength, $"{at}.interest_id", "MaxInterestIdLength");
            if (query.Vector.Count == 0)
            {
                throw new RequestValidationException($"{at}.vector", $"{at}.vector is empty; a query needs a vector of the catalog's dimension");
            }
            Fields.Vector(query.Vector, limits.MaxDimension, $"{at}.vector");
            Fields.Dimension(query.Vector.Count, dimension, $"{at}.vector");
            if (!double.IsFinite(query.Weight) || query.Weight <= 0 || (float)query.Weight <= 0 || !float.IsFinite((float)query.Weight))
            {
                throw new RequestValidationException($"{at}.weight", $"{at}.weight is {query.Weight}; it must be a finite number above 0 (within 32-bit float range)");
            }
            if (query.Quota < 0 || query.Quota > limits.MaxK)
            {
                throw new RequestValidationException($"{at}.quota",
                    $"{at}.quota is {query.Quota}; it must be between 0 (a share of k by weight) and {Fields.Limit(limits.MaxK, "MaxK")}");
            }
        }
        if (request.Filter is { } filter)
        {
            ValidateFilter(filter, limits);
        }
    }

    private static void ValidateFilter(Contracts.V1.RetrievalFilter filter, CatalogLimits limits)
    {
        CategoryList(filter.IncludeCategories, limits, "filter.include_categories");
        CategoryList(filter.ExcludeCategories, limits, "filter.exclude_categories");
        if (filter.ExcludeItemIds.Count > limits.MaxExcludedItems)
        {
            throw new RequestValidationException("filter.exclude_item_ids",
                $"filter.exclude_item_ids has {filter.ExcludeItemIds.Count:N0} ids; the limit is {Fields.Limit(limits.MaxExcludedItems, "MaxExcludedItems")}");
        }
        for (var i = 0; i < filter.ExcludeItemIds.Count; i++)
        {
            Fields.Id(filter.ExcludeItemIds[i], limits.MaxIdLength, $"filter.exclude_item_ids[{i}]");
        }
        if (filter.Attributes.Count > limits.MaxAttributeFilters)
        {
            throw new RequestValidationException("filter.attributes",
                $"filter.attributes has {filter.Attributes.Count} conditions; the limit is {Fields.Limit(limits.MaxAttributeFilters, "MaxAttributeFilters")}");
        }
        foreach (var (key, value) in filter.Attributes)
        {
            if (key.Length == 0)
            {
                throw new RequestValidationException("filter.attributes", "filter.attributes has an empty key");
            }
            Fields.Length(key, limits.MaxAttributeLength, "filter.attributes key", "MaxAttributeLength");
            Fields.Length(value, limits.MaxAttributeLength, $"filter.attributes[\"{key}\"]", "MaxAttributeLength");
        }
    }

    private static void CategoryList(IReadOnlyList<string> paths, CatalogLimits limits, string field)
    {
        if (paths.Count > limits.MaxCategoryFilters)
        {
            throw new RequestValidationException(field,
                $"{field} has {paths.Count} paths; the limit is {Fields.Limit(limits.MaxCategoryFilters, "MaxCategoryFilters")}");
        }
        for (var i = 0; i < paths.Count; i++)
        {
            CategoryPaths.Parse(paths[i], limits, $"{field}[{i}]");
        }
    }
}
