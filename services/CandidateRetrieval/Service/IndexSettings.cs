using Recommender.CandidateRetrieval.Index;

namespace Recommender.CandidateRetrieval.Service;

/// <summary>
/// HNSW parameters of the catalog's index (configuration section <c>CandidateRetrieval:Index</c>). The dimension is
/// not a setting: the catalog's first item fixes it. Limits that requests can reach (k, ef_search, ids, batches) come
/// from <see cref="CatalogLimits"/>, so each is set in one place.
/// </summary>
public sealed class IndexSettings
{
    /// <summary>Links per node on the upper layers; the bottom layer keeps 2·M (2..128). Default 16.</summary>
    public int M { get; set; } = 16;

    /// <summary>Beam width while inserting (M..4096). Default 200.</summary>
    public int EfConstruction { get; set; } = 200;

    /// <summary>Beam width of a search when the request's ef_search is 0 (never below k). Default 64.</summary>
    public int EfSearch { get; set; } = 64;

    /// <summary>Catalog capacity in items; deleted items count until compaction frees their slots. Default 10,000,000.</summary>
    public int MaxItems { get; set; } = 10_000_000;

    /// <summary>With at most this many items every search is exact. Default 2,000.</summary>
    public int ExactSearchThreshold { get; set; } = 2_000;

    /// <summary>Compaction starts when deleted items exceed this fraction of the stored ones (0.01..1). Default 0.1.</summary>
    public double CompactionTombstoneFraction { get; set; } = 0.1;

    /// <summary>Threads that insert a batch and compact (1..256; 0 = the processor count). Default 0.</summary>
    public int BuildThreads { get; set; }

    /// <summary>A filtered search that has scored this fraction of the items without finding k falls back to an exact scan. Default 0.1.</summary>
    public double FilterFallbackVisitFraction { get; set; } = 0.1;

    /// <summary>Seed of the random layer assignment. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>The index options for a catalog of <paramref name="dimension"/> under <paramref name="limits"/>.</summary>
    public HnswOptions ToHnswOptions(int dimension, CatalogLimits limits) => new()
    {
        Dimension = dimension,
        M = M,
        EfConstruction = EfConstruction,
        EfSearch = EfSearch,
        MaxEfSearch = Math.Max(limits.MaxEfSearch, EfSearch),
        MaxK = limits.MaxK,
        MaxItems = MaxItems,
        MaxBatchSize = Math.Max(limits.MaxItemsPerBatch, limits.MaxIdsPerRequest),
        MaxIdLength = limits.MaxIdLength,
        ExactSearchThreshold = ExactSearchThreshold,
        CompactionTombstoneFraction = CompactionTombstoneFraction,
        AutoCompact = true,
        BuildThreads = BuildThreads == 0 ? Environment.ProcessorCount : BuildThreads,
        FilterFallbackVisitFraction = FilterFallbackVisitFraction,
        Seed = Seed,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate(CatalogLimits limits)
    {
        if (BuildThreads is < 0 or > 256)
        {
            throw new ArgumentException($"Index:BuildThreads must be between 0 (the processor count) and 256, got {BuildThreads}");
        }
        if (EfSearch > limits.MaxEfSearch)
        {
            throw new ArgumentException($"Index:EfSearch ({EfSearch}) must not exceed Limits:MaxEfSearch ({limits.MaxEfSearch})");
        }
        try
        {
            ToHnswOptions(limits.MaxDimension, limits).Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            var rule = e.Message.Split(" (Parameter", 2)[0].Replace("HnswOptions.", "", StringComparison.Ordinal);
            throw new ArgumentException($"Index:{rule} Got {e.ActualValue}.", e);
        }
    }
}
