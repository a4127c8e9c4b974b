using Recommender.CandidateRetrieval.Index;

namespace Recommender.CandidateRetrieval.Retrieval;

/// <summary>
/// Multi-interest candidate retrieval: one filtered index search per interest, then de-duplication and
/// quota filling (<see cref="CandidateAssignment"/>). Each query first fetches twice its quota plus 10
/// (room for duplicates with other interests); only when spare room is left and some query may have more
/// hits does it fetch again, up to k per query. Thread-safe; bad requests throw
/// <see cref="IndexArgumentException"/> naming the field before any search runs.
/// </summary>
public sealed class MultiInterestRetriever
{
    private const int FirstRoundSlack = 10;

    private readonly HnswIndex _index;
    private readonly IItemMetadata _metadata;
    private readonly RetrievalOptions _options;
    private readonly int _maxEfSearch;

    /// <summary>Creates a retriever over an index and the catalog's metadata.</summary>
    public MultiInterestRetriever(HnswIndex index, IItemMetadata metadata, RetrievalOptions? options = null)
    {
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));
        var indexOptions = index.Options;
        _options = options ?? new RetrievalOptions { MaxK = Math.Min(1000, indexOptions.MaxK) };
        _options.Validate(indexOptions.MaxK);
        _maxEfSearch = indexOptions.MaxEfSearch;
    }

    /// <summary>Runs the request; see the class summary for the semantics.</summary>
    public RetrievalResult Retrieve(RetrievalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var filter = CompiledFilter.Create(request.Filter, _index, _metadata, _options);
        int queries = request.Queries.Count;
        int k = request.K;
        var quotas = QuotaAllocator.FitToK(request.Queries.Select(q => q.Quota).ToList(), k);
        var weights = request.Queries.Select(q => q.Weight).ToList();

        var hits = new IReadOnlyList<SearchHit>[queries];
        var fetched = new int[queries];
        for (int q = 0; q < queries; q++)
        {
            fetched[q] = Math.Min(k, (2 * quotas[q]) + FirstRoundSlack);
            hits[q] = Search(request, q, fetched[q], filter);
        }
        var (candidates, filled) = CandidateAssignment.Assign(hits, weights, quotas, k);

        if (candidates.Count < k)
        {
            bool again = false;
            for (int q = 0; q < queries; q++)
            {
                // A query that returned all it was asked for may have more.
                if (fetched[q] < k && hits[q].Count == fetched[q])
                {
                    fetched[q] = k;
                    hits[q] = Search(request, q, k, filter);
                    again = true;
                }
            }
            if (again)
            {
                (candidates, filled) = CandidateAssignment.Assign(hits, weights, quotas, k);
            }
        }

        var fills = Enumerable.Range(0, queries).Select(q => new QueryFill(q, quotas[q], filled[q])).ToList();
        return new RetrievalResult(candidates, fills);
    }

    private IReadOnlyList<SearchHit> Search(RetrievalRequest request, int query, int count, CompiledFilter filter)
    {
        var parameters = new SearchParameters(request.EfSearch, filter.Predicate, request.Exact);
        var found = _index.Search(request.Queries[query].Vector.Span, count, parameters);
        return filter.Predicate is null ? found : found.Where(filter.AcceptsHit).ToList();
    }

    private void Validate(RetrievalRequest request)
    {
        if (request.K < 1 || request.K > _options.MaxK)
        {
            throw new IndexArgumentException("k", $"k is {request.K}; it must be between 1 and {_options.MaxK} (RetrievalOptions.MaxK).", _options.MaxK.ToString());
        }
        if (request.Queries is null || request.Queries.Count == 0)
        {
            throw new IndexArgumentException("queries", "queries is empty; a retrieval needs at least one interest query.", "at least 1");
        }
        if (request.Queries.Count > _options.MaxQueries)
        {
            throw new IndexArgumentException("queries",
                $"queries has {request.Queries.Count} entries; the limit is {_options.MaxQueries} (RetrievalOptions.MaxQueries).", _options.MaxQueries.ToString());
        }
        for (int q = 0; q < request.Queries.Count; q++)
        {
            var query = request.Queries[q];
            VectorValidator.EnsureValid(query.Vector.Span, _index.Dimension, $"queries[{q}].vector");
            if (!float.IsFinite(query.Weight) || query.Weight <= 0)
            {
                throw new IndexArgumentException($"queries[{q}].weight", $"queries[{q}].weight is {query.Weight}; it must be a finite number above 0.", "> 0");
            }
            if (query.Quota < 0 || query.Quota > _options.MaxK)
            {
                throw new IndexArgumentException($"queries[{q}].quota",
                    $"queries[{q}].quota is {query.Quota}; it must be between 0 and {_options.MaxK}.", _options.MaxK.ToString());
            }
        }
        if (request.EfSearch is int ef && (ef < 1 || ef > _maxEfSearch))
        {
            throw new IndexArgumentException("efSearch",
                $"efSearch is {ef}; it must be between 1 and {_maxEfSearch} (HnswOptions.MaxEfSearch).", _maxEfSearch.ToString());
        }
    }
}
