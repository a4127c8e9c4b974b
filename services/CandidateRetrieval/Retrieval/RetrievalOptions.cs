namespace Recommender.CandidateRetrieval.Retrieval;

/// <summary>Limits of <see cref="MultiInterestRetriever"/>; requests beyond them are rejected with
/// <see cref="Index.IndexArgumentException"/>.</summary>
public sealed class RetrievalOptions
{
    /// <summary>Most interest queries per request (1..256). Default 16.</summary>
    public int MaxQueries { get; set; } = 16;

    /// <summary>Largest total k (1..the index's MaxK). Default 1000.</summary>
    public int MaxK { get; set; } = 1000;

    /// <summary>Most excluded item ids per request (0..1000000). Default 10,000.</summary>
    public int MaxExcludedItems { get; set; } = 10_000;

    /// <summary>Most include plus exclude category prefixes per request (0..1024). Default 64.</summary>
    public int MaxCategoryPrefixes { get; set; } = 64;

    /// <summary>Most attribute equality conditions per request (0..1024). Default 32.</summary>
    public int MaxAttributeFilters { get; set; } = 32;

    /// <summary>Longest category prefix in characters (1..65536). Default 512.</summary>
    public int MaxCategoryPathLength { get; set; } = 512;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option outside its range.</summary>
    public void Validate(int indexMaxK)
    {
        Check(nameof(MaxQueries), MaxQueries, 1, 256);
        Check(nameof(MaxK), MaxK, 1, indexMaxK);
        Check(nameof(MaxExcludedItems), MaxExcludedItems, 0, 1_000_000);
        Check(nameof(MaxCategoryPrefixes), MaxCategoryPrefixes, 0, 1024);
        Check(nameof(MaxAttributeFilters), MaxAttributeFilters, 0, 1024);
        Check(nameof(MaxCategoryPathLength), MaxCategoryPathLength, 1, 65536);
    }

    private static void Check(string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"RetrievalOptions.{name} must be between {min} and {max}.");
        }
    }
}
