using Grpc.Core;
using Recommender.Contracts.V1;

namespace Recommender.Pipeline;

/// <summary>Recommend's filter applied to items that did not come through retrieval, and which backend failures are outages.</summary>
public static class ItemFilter
{
    public static RetrievalFilter WithSeenExcluded(RetrievalFilter? filter, IReadOnlySet<string> seen)
    {
        var result = filter?.Clone() ?? new RetrievalFilter();
        result.ExcludeItemIds.AddRange(seen.Where(id => !result.ExcludeItemIds.Contains(id)));
        return result;
    }

    public static bool Matches(Item item, RetrievalFilter? filter)
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

    /// <summary>Failures of the backend (the pipeline falls back), as opposed to a bad request (passed on).</summary>
    public static bool IsOutage(RpcException e) =>
        e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.ResourceExhausted;
}
