namespace Recommender.CandidateRetrieval.Index;

/// <summary>
/// Tuning knobs and limits of an <see cref="HnswIndex"/>. Every limit is explicit; the defaults are
/// the ones the benchmark in <c>tests/bench/IndexBench</c> measured. <see cref="Validate"/> rejects
/// values outside the documented ranges. The index copies the values when it is created.
/// </summary>
public sealed class HnswOptions
{
    /// <summary>Vector dimension (1..4096). Default 100; the catalog sets its encoder model's.</summary>
    public int Dimension { get; set; } = 100;

    /// <summary>Links per node on the upper layers; the bottom layer keeps up to 2·M (2..128). Default 16.</summary>
    public int M { get; set; } = 16;

    /// <summary>Beam width while inserting (M..4096). Larger builds slower and searches better. Default 200.</summary>
    public int EfConstruction { get; set; } = 200;

    /// <summary>Default beam width of a search (1..<see cref="MaxEfSearch"/>); a query may override it.
    /// The effective width is never below k. Default 64.</summary>
    public int EfSearch { get; set; } = 64;

    /// <summary>Largest per-query efSearch accepted (1..65536). Default 4096.</summary>
    public int MaxEfSearch { get; set; } = 4096;

    /// <summary>Largest k a search may ask for (1..100000). Default 1000.</summary>
    public int MaxK { get; set; } = 1000;

    /// <summary>Capacity in items, tombstones included until compaction frees them (1..100000000). Default 10,000,000.</summary>
    public int MaxItems { get; set; } = 10_000_000;

    /// <summary>Most items or ids in one upsert or delete batch (1..1000000). Default 10,000.</summary>
    public int MaxBatchSize { get; set; } = 10_000;

    /// <summary>Longest item id in UTF-16 characters (1..4096). Default 256.</summary>
    public int MaxIdLength { get; set; } = 256;

    /// <summary>With at most this many live items every search is exact (0..10000000). Default 2,000.</summary>
    public int ExactSearchThreshold { get; set; } = 2_000;

    /// <summary>Compaction starts when tombstones exceed this fraction of the stored items (0.01..1). Default 0.1.</summary>
    public double CompactionTombstoneFraction { get; set; } = 0.1;

    /// <summary>Whether a write that passes <see cref="CompactionTombstoneFraction"/> starts a background compaction. Default true.</summary>
    public bool AutoCompact { get; set; } = true;

    /// <summary>Threads used to insert a batch and to compact (1..256). Default: the processor count.</summary>
    public int BuildThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>A filtered search that has computed this fraction of the stored items' distances without
    /// finding k matches falls back to an exact scan of the filtered set (0.001..1). Default 0.1.</summary>
    public double FilterFallbackVisitFraction { get; set; } = 0.1;

    /// <summary>Seed of the random layer assignment, so single-threaded builds are reproducible. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option outside its range.</summary>
    public void Validate()
    {
        Check(nameof(Dimension), Dimension, 1, 4096);
        Check(nameof(M), M, 2, 128);
        Check(nameof(EfConstruction), EfConstruction, M, 4096);
        Check(nameof(MaxEfSearch), MaxEfSearch, 1, 65536);
        Check(nameof(EfSearch), EfSearch, 1, MaxEfSearch);
        Check(nameof(MaxK), MaxK, 1, 100_000);
        Check(nameof(MaxItems), MaxItems, 1, 100_000_000);
        Check(nameof(MaxBatchSize), MaxBatchSize, 1, 1_000_000);
        Check(nameof(MaxIdLength), MaxIdLength, 1, 4096);
        Check(nameof(ExactSearchThreshold), ExactSearchThreshold, 0, 10_000_000);
        Check(nameof(BuildThreads), BuildThreads, 1, 256);
        if (!(CompactionTombstoneFraction >= 0.01 && CompactionTombstoneFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(CompactionTombstoneFraction), CompactionTombstoneFraction,
                "HnswOptions.CompactionTombstoneFraction must be between 0.01 and 1.");
        }
        if (!(FilterFallbackVisitFraction >= 0.001 && FilterFallbackVisitFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FilterFallbackVisitFraction), FilterFallbackVisitFraction,
                "HnswOptions.FilterFallbackVisitFraction must be between 0.001 and 1.");
        }
    }

    private static void Check(string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"HnswOptions.{name} must be between {min} and {max}.");
        }
    }
}
