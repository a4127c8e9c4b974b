using Recommender.InterestModel.Catalog;

namespace Recommender.InterestModel.Service;

/// <summary>
/// Titles for the items a read shows: from the cache, the rest from the catalog within
/// <see cref="InterestServiceOptions.TitleLookupTimeout"/>. A catalog that is down or slow leaves titles empty; the
/// read still answers. Titles stay cached until evicted, so a renamed item shows its old title for a while.
/// </summary>
internal sealed class TitleLookup(CatalogClient catalog, InterestServiceOptions options)
{
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(IEnumerable<string> itemIds, CancellationToken cancellationToken)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var misses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in itemIds)
        {
            if (titles.ContainsKey(id))
            {
                continue;
            }
            if (catalog.Titles.TryGet(id, out var title))
            {
                titles[id] = title;
            }
            else
            {
                misses.Add(id);
            }
        }
        if (misses.Count > 0 && catalog.CanCall)
        {
            var lookup = await catalog.GetItemsAsync([.. misses], includeVectors: false, options.TitleLookupTimeout, cancellationToken).ConfigureAwait(false);
            foreach (var item in lookup.Found)
            {
                titles[item.ItemId] = item.Title;
            }
            foreach (var id in lookup.Missing)
            {
                catalog.Titles.Set(id, ""); // gone from the catalog: do not ask again on every read
            }
        }
        return titles;
    }
}
