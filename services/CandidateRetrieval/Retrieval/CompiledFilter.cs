using Recommender.CandidateRetrieval.Index;

namespace Recommender.CandidateRetrieval.Retrieval;

/// <summary>A validated <see cref="RetrievalFilter"/> turned into a fast predicate over internal ids.</summary>
internal sealed class CompiledFilter
{
    private readonly IItemMetadata _metadata;
    private readonly CategoryPath[] _include;
    private readonly CategoryPath[] _exclude;
    private readonly KeyValuePair<string, string>[] _attributes;
    private readonly HashSet<int> _excludedSlots;
    private readonly HashSet<string> _excludedIds;

    private CompiledFilter(IItemMetadata metadata, CategoryPath[] include, CategoryPath[] exclude,
        KeyValuePair<string, string>[] attributes, HashSet<int> excludedSlots, HashSet<string> excludedIds)
    {
        _metadata = metadata;
        _include = include;
        _exclude = exclude;
        _attributes = attributes;
        _excludedSlots = excludedSlots;
        _excludedIds = excludedIds;
        NeedsMetadata = include.Length > 0 || exclude.Length > 0 || attributes.Length > 0;
        Predicate = NeedsMetadata || excludedSlots.Count > 0 ? Accepts : null;
    }

    /// <summary>Whether category or attribute conditions apply (items without metadata are then skipped).</summary>
    public bool NeedsMetadata { get; }

    /// <summary>The predicate to hand to the index, or null when nothing is filtered.</summary>
    public Func<int, bool>? Predicate { get; }

    /// <summary>Validates the filter (throwing <see cref="IndexArgumentException"/> with the field) and compiles it.</summary>
    public static CompiledFilter Create(RetrievalFilter? filter, HnswIndex index, IItemMetadata metadata, RetrievalOptions options)
    {
        filter ??= new RetrievalFilter();
        int prefixCount = filter.IncludeCategoryPrefixes.Count + filter.ExcludeCategoryPrefixes.Count;
        if (prefixCount > options.MaxCategoryPrefixes)
        {
            throw new IndexArgumentException("filter.categoryPrefixes",
                $"filter has {prefixCount} category prefixes; the limit is {options.MaxCategoryPrefixes} (RetrievalOptions.MaxCategoryPrefixes).",
                options.MaxCategoryPrefixes.ToString());
        }
        var include = filter.IncludeCategoryPrefixes
            .Select((p, i) => CategoryPath.Parse(p, $"filter.includeCategoryPrefixes[{i}]", options.MaxCategoryPathLength)).ToArray();
        var exclude = filter.ExcludeCategoryPrefixes
            .Select((p, i) => CategoryPath.Parse(p, $"filter.excludeCategoryPrefixes[{i}]", options.MaxCategoryPathLength)).ToArray();

        if (filter.AttributeEquals.Count > options.MaxAttributeFilters)
        {
            throw new IndexArgumentException("filter.attributeEquals",
                $"filter.attributeEquals has {filter.AttributeEquals.Count} conditions; the limit is {options.MaxAttributeFilters} (RetrievalOptions.MaxAttributeFilters).",
                options.MaxAttributeFilters.ToString());
        }
        foreach (var (name, value) in filter.AttributeEquals)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new IndexArgumentException("filter.attributeEquals", "filter.attributeEquals has an empty attribute name.", "non-empty");
            }
            if (value is null)
            {
                throw new IndexArgumentException($"filter.attributeEquals[{name}]", $"filter.attributeEquals[{name}] has no value.", "non-null");
            }
        }

        if (filter.ExcludeItemIds.Count > options.MaxExcludedItems)
        {
            throw new IndexArgumentException("filter.excludeItemIds",
                $"filter.excludeItemIds has {filter.ExcludeItemIds.Count} ids; the limit is {options.MaxExcludedItems} (RetrievalOptions.MaxExcludedItems).",
                options.MaxExcludedItems.ToString());
        }
        var excludedIds = new HashSet<string>(StringComparer.Ordinal);
        var excludedSlots = new HashSet<int>();
        for (int i = 0; i < filter.ExcludeItemIds.Count; i++)
        {
            string id = filter.ExcludeItemIds[i];
            if (string.IsNullOrEmpty(id))
            {
                throw new IndexArgumentException($"filter.excludeItemIds[{i}]", $"filter.excludeItemIds[{i}] is empty.", "non-empty");
            }
            excludedIds.Add(id);
            if (index.TryGetInternalId(id, out int slot))
            {
                excludedSlots.Add(slot);
            }
        }
        return new CompiledFilter(metadata, include, exclude, filter.AttributeEquals.ToArray(), excludedSlots, excludedIds);
    }

    /// <summary>Final check of a hit by item id, after the search: the item may have moved to another slot
    /// meanwhile, and metadata must belong to this very item.</summary>
    public bool AcceptsHit(SearchHit hit)
    {
        if (_excludedIds.Contains(hit.Id))
        {
            return false;
        }
        if (!NeedsMetadata)
        {
            return true;
        }
        return _metadata.TryGet(hit.InternalId, out var item) && string.Equals(item.Id, hit.Id, StringComparison.Ordinal) && Matches(item);
    }

    private bool Accepts(int internalId)
    {
        if (_excludedSlots.Contains(internalId))
        {
            return false;
        }
        if (!NeedsMetadata)
        {
            return true;
        }
        return _metadata.TryGet(internalId, out var item) && Matches(item);
    }

    // Runs for every node a filtered search visits: plain loops, no allocation.
    private bool Matches(ItemMetadata item)
    {
        if (_include.Length > 0 && !UnderAny(item.Category, _include))
        {
            return false;
        }
        if (UnderAny(item.Category, _exclude))
        {
            return false;
        }
        foreach (var (name, value) in _attributes)
        {
            if (!item.Attributes.TryGetValue(name, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    private static bool UnderAny(CategoryPath category, CategoryPath[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (category.StartsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }
}
