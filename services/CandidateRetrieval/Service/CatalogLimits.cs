namespace Recommender.CandidateRetrieval.Service;

/// <summary>
/// Request limits of the candidate-retrieval RPCs (configuration section <c>CandidateRetrieval:Limits</c>). The
/// defaults are the limits the contract documents (protos/recsys/v1/common.proto and candidate_retrieval.proto). A
/// request beyond one fails with INVALID_ARGUMENT naming the field and the limit, and changes nothing.
/// </summary>
public sealed class CatalogLimits
{
    /// <summary>Most items in one UpsertItems request or stream message. Default 1,000.</summary>
    public int MaxItemsPerBatch { get; set; } = 1000;

    /// <summary>Most ids in one GetItems or DeleteItems request. Default 1,000.</summary>
    public int MaxIdsPerRequest { get; set; } = 1000;

    /// <summary>Longest item id in characters (UTF-16 code units). Default 128.</summary>
    public int MaxIdLength { get; set; } = 128;

    /// <summary>Longest title in characters. Default 512.</summary>
    public int MaxTitleLength { get; set; } = 512;

    /// <summary>Longest description in characters. Default 8,192.</summary>
    public int MaxDescriptionLength { get; set; } = 8192;

    /// <summary>Most segments of a category path. Default 8.</summary>
    public int MaxCategorySegments { get; set; } = 8;

    /// <summary>Longest segment of a category path in characters. Default 64.</summary>
    public int MaxCategorySegmentLength { get; set; } = 64;

    /// <summary>Most tags per item. Default 64.</summary>
    public int MaxTags { get; set; } = 64;

    /// <summary>Longest tag in characters. Default 64.</summary>
    public int MaxTagLength { get; set; } = 64;

    /// <summary>Most attributes per item. Default 64.</summary>
    public int MaxAttributes { get; set; } = 64;

    /// <summary>Longest attribute key, and longest attribute value, in characters. Default 128.</summary>
    public int MaxAttributeLength { get; set; } = 128;

    /// <summary>Largest vector dimension accepted (the catalog's dimension is fixed by its first item). Default 4,096.</summary>
    public int MaxDimension { get; set; } = 4096;

    /// <summary>Largest ListItems page. Default 1,000.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>ListItems page size when the request says 0. Default 100.</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>Largest Retrieve k. Default 1,000.</summary>
    public int MaxK { get; set; } = 1000;

    /// <summary>Most interest queries per Retrieve. Default 32.</summary>
    public int MaxQueries { get; set; } = 32;

    /// <summary>Longest interest_id of a query in characters. Default 512.</summary>
    public int MaxInterestIdLength { get; set; } = 512;

    /// <summary>Most include_categories, and most exclude_categories, per Retrieve. Default 64 each.</summary>
    public int MaxCategoryFilters { get; set; } = 64;

    /// <summary>Most exclude_item_ids per Retrieve. Default 10,000.</summary>
    public int MaxExcludedItems { get; set; } = 10_000;

    /// <summary>Most attribute equality conditions per Retrieve. Default 16.</summary>
    public int MaxAttributeFilters { get; set; } = 16;

    /// <summary>Largest per-request ef_search. Default 4,096.</summary>
    public int MaxEfSearch { get; set; } = 4096;

    /// <summary>Longest category path in characters (segments and separators): the most segments times their length.</summary>
    public int MaxCategoryPathLength => (MaxCategorySegments * (MaxCategorySegmentLength + 1)) - 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first limit outside its range.</summary>
    public void Validate()
    {
        Range(MaxItemsPerBatch, 1, 100_000, nameof(MaxItemsPerBatch));
        Range(MaxIdsPerRequest, 1, 100_000, nameof(MaxIdsPerRequest));
        Range(MaxIdLength, 1, 4096, nameof(MaxIdLength));
        Range(MaxTitleLength, 0, 1_000_000, nameof(MaxTitleLength));
        Range(MaxDescriptionLength, 0, 10_000_000, nameof(MaxDescriptionLength));
        Range(MaxCategorySegments, 1, 64, nameof(MaxCategorySegments));
        Range(MaxCategorySegmentLength, 1, 1000, nameof(MaxCategorySegmentLength));
        Range(MaxTags, 0, 10_000, nameof(MaxTags));
        Range(MaxTagLength, 1, 10_000, nameof(MaxTagLength));
        Range(MaxAttributes, 0, 10_000, nameof(MaxAttributes));
        Range(MaxAttributeLength, 1, 100_000, nameof(MaxAttributeLength));
        Range(MaxDimension, 1, 4096, nameof(MaxDimension));
        Range(MaxPageSize, 1, 100_000, nameof(MaxPageSize));
        Range(DefaultPageSize, 1, MaxPageSize, nameof(DefaultPageSize));
        Range(MaxK, 1, 100_000, nameof(MaxK));
        Range(MaxQueries, 1, 256, nameof(MaxQueries));
        Range(MaxInterestIdLength, 1, 100_000, nameof(MaxInterestIdLength));
        Range(MaxCategoryFilters, 0, 512, nameof(MaxCategoryFilters));
        Range(MaxExcludedItems, 0, 1_000_000, nameof(MaxExcludedItems));
        Range(MaxAttributeFilters, 0, 1024, nameof(MaxAttributeFilters));
        Range(MaxEfSearch, 1, 65_536, nameof(MaxEfSearch));
    }

    private static void Range(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentException($"Limits:{name} must be between {min} and {max}, got {value}");
        }
    }
}
