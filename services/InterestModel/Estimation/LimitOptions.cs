namespace Recommender.InterestModel.Estimation;

/// <summary>Input limits and capacities. Breaking an input limit raises an error naming the field and the limit.</summary>
public sealed class LimitOptions
{
    /// <summary>Most events in one <c>Record</c> call. Default 1000.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Most items in one <c>UpsertItems</c> call. Default 1000.</summary>
    public int MaxItemBatchSize { get; set; } = 1000;

    /// <summary>Most characters in a user, item or event id. Default 128 (the contract's id limit).</summary>
    public int MaxIdLength { get; set; } = 128;

    /// <summary>How far after the current time an event may be stamped (clock skew). Default 5 minutes.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Earliest accepted timestamp. Default the Unix epoch.</summary>
    public DateTimeOffset MinTimestamp { get; set; } = DateTimeOffset.UnixEpoch;

    /// <summary>Most segments in a category path. Default 8.</summary>
    public int MaxCategoryDepth { get; set; } = 8;

    /// <summary>Most characters in one category path segment. Default 128.</summary>
    public int MaxCategorySegmentLength { get; set; } = 128;

    /// <summary>Most category paths on one item. Default 16.</summary>
    public int MaxCategoriesPerItem { get; set; } = 16;

    /// <summary>Most nodes in the category tree (root included). Default 100,000.</summary>
    public int MaxCategoryNodes { get; set; } = 100_000;

    /// <summary>Most items known to the model. Default 5,000,000.</summary>
    public int MaxItems { get; set; } = 5_000_000;

    /// <summary>Most dimensions of an item embedding. Default 4096.</summary>
    public int MaxEmbeddingDimension { get; set; } = 4096;

    /// <summary>Most users with state (about 5 KB each with the default buffers). Default 1,000,000.</summary>
    public int MaxUsers { get; set; } = 1_000_000;

    /// <summary>Most events kept while their item is not yet in the catalog. Default 100,000.</summary>
    public int MaxPendingEvents { get; set; } = 100_000;

    /// <summary>Most candidate ids in one <c>GetItemSignals</c> call. Default 2000.</summary>
    public int MaxSignalCandidates { get; set; } = 2000;

    internal void Validate()
    {
        Positive(MaxBatchSize, nameof(MaxBatchSize));
        Positive(MaxItemBatchSize, nameof(MaxItemBatchSize));
        Positive(MaxIdLength, nameof(MaxIdLength));
        Positive(MaxCategoryDepth, nameof(MaxCategoryDepth));
        Positive(MaxCategorySegmentLength, nameof(MaxCategorySegmentLength));
        Positive(MaxCategoriesPerItem, nameof(MaxCategoriesPerItem));
        Positive(MaxCategoryNodes, nameof(MaxCategoryNodes));
        Positive(MaxItems, nameof(MaxItems));
        Positive(MaxUsers, nameof(MaxUsers));
        Positive(MaxEmbeddingDimension, nameof(MaxEmbeddingDimension));
        Positive(MaxSignalCandidates, nameof(MaxSignalCandidates));
        if (MaxPendingEvents < 0)
        {
            throw new ArgumentException($"Limits.MaxPendingEvents must be zero or more, got {MaxPendingEvents}");
        }
        if (MaxFutureSkew < TimeSpan.Zero)
        {
            throw new ArgumentException($"Limits.MaxFutureSkew must not be negative, got {MaxFutureSkew}");
        }
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"Limits.{name} must be positive, got {value}");
        }
    }
}
