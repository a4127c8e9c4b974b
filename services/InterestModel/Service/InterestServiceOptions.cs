using Recommender.InterestModel.Persistence;
using Recommender.Storage;

namespace Recommender.InterestModel.Service;

/// <summary>
/// Settings of the interest-model service around the engine, bound from configuration section <c>InterestModel</c>
/// (the same section as the engine's <see cref="Estimation.InterestModelOptions"/>: <c>InterestModel:Limits:...</c>,
/// <c>InterestModel:Estimation:...</c>). Time spans are written <c>hh:mm:ss</c> or <c>d.hh:mm:ss</c>.
/// </summary>
public sealed class InterestServiceOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "InterestModel";

    /// <summary>Where the event log and snapshots live (created if missing). Default <c>data/interest-model</c>.</summary>
    public string DataDirectory { get; set; } = "data/interest-model";

    /// <summary>candidate-retrieval's gRPC address, for <c>GetItems</c>. Default <c>http://127.0.0.1:50053</c>.</summary>
    public string CatalogAddress { get; set; } = "http://127.0.0.1:50053";

    /// <summary>Deadline of a catalog lookup made while recording events or resolving waiting ones. Default 2 s.</summary>
    public TimeSpan CatalogTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Deadline of the title lookup a read (GetInterests, GetItemSignals) makes; on expiry titles are left empty. Default 500 ms.</summary>
    public TimeSpan TitleLookupTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Most ids per <c>GetItems</c> call (the catalog's limit is 1,000). Default 1000.</summary>
    public int CatalogBatchSize { get; set; } = 1000;

    /// <summary>After a failed catalog call, calls pause this long, doubling per failure. Default 1 s.</summary>
    public TimeSpan CatalogBackoffInitial { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest pause between catalog attempts while it keeps failing. Default 1 minute.</summary>
    public TimeSpan CatalogBackoffMax { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Item titles cached (least recently used evicted). Default 100,000.</summary>
    public int TitleCacheSize { get; set; } = 100_000;

    /// <summary>How often items that events wait for are looked up in the catalog again. Default 10 s.</summary>
    public TimeSpan PendingPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An item the catalog keeps not having is asked for again after the poll interval, doubling per miss up to this.
    /// Default 5 minutes.
    /// </summary>
    public TimeSpan PendingMaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most waiting item ids looked up per poll. Default 10,000.</summary>
    public int PendingLookupsPerPoll { get; set; } = 10_000;

    /// <summary>Refit the population prior at least this often while events arrive. Default 5 minutes.</summary>
    public TimeSpan RefitInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Refit the population prior after this many new events, even before the interval. Default 10,000.</summary>
    public int RefitEveryEvents { get; set; } = 10_000;

    /// <summary>
    /// Least time between two refits, however fast events arrive (a refit reads every user's state and takes a core
    /// for a while). Default 30 s.
    /// </summary>
    public TimeSpan RefitMinInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most <c>top_k</c> in GetInterests. Default 50.</summary>
    public int MaxTopInterests { get; set; } = 50;

    /// <summary>Most <c>evidence_per_interest</c> in GetInterests. Default 50.</summary>
    public int MaxEvidencePerInterest { get; set; } = 50;

    /// <summary>Most <c>recent_items</c> in GetInterests. Default 100.</summary>
    public int MaxRecentItems { get; set; } = 100;

    /// <summary>Most <c>k</c> in GetPopularItems. Default 1000.</summary>
    public int MaxPopularItems { get; set; } = 1000;

    /// <summary><c>k</c> of GetPopularItems when the request says 0. Default 100.</summary>
    public int DefaultPopularItems { get; set; } = 100;

    /// <summary>Most <c>k</c> in GetCovisitedItems. Default 1000.</summary>
    public int MaxCovisitedItems { get; set; } = 1000;

    /// <summary><c>k</c> of GetCovisitedItems when the request says 0. Default 100.</summary>
    public int DefaultCovisitedItems { get; set; } = 100;

    /// <summary>Most <c>limit</c> in ListRecentUsers. Default 200.</summary>
    public int MaxRecentUsers { get; set; } = 200;

    /// <summary><c>limit</c> of ListRecentUsers when the request says 0. Default 20.</summary>
    public int DefaultRecentUsers { get; set; } = 20;

    /// <summary>Most users ListActiveUsers returns. Default 100,000.</summary>
    public int MaxActiveUsers { get; set; } = 100_000;

    /// <summary>Users ListActiveUsers returns when the request says 0. Default 1,000.</summary>
    public int DefaultActiveUsers { get; set; } = 1000;

    /// <summary>Messages of one RecordEventsStream being made durable at once (later ones are read meanwhile). Default 8.</summary>
    public int StreamMessagesInFlight { get; set; } = 8;

    /// <summary>Write a snapshot when the service stops gracefully, so the next start replays little. Default true.</summary>
    public bool SnapshotOnShutdown { get; set; } = true;

    /// <summary>The global event-id dedupe window.</summary>
    public DedupeOptions Dedupe { get; set; } = new();

    /// <summary>
    /// The durable store (<c>InterestModel:Storage:SnapshotAfterLogBytes</c>, <c>InterestModel:Storage:Log:FlushToDisk</c>,
    /// ...; see services/Shared/Storage/README.md). Its DataDirectory is <see cref="DataDirectory"/>.
    /// </summary>
    public DurableStoreOptions Storage { get; set; } = new() { SnapshotAfterLogBytes = 64L << 20 };

    /// <summary>The store's options with the data directory filled in.</summary>
    internal DurableStoreOptions StoreOptions()
    {
        Storage.DataDirectory = DataDirectory;
        return Storage;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("DataDirectory must name a directory");
        }
        if (!Uri.TryCreate(CatalogAddress, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"CatalogAddress must be an http:// or https:// address, got '{CatalogAddress}'");
        }
        Positive(CatalogTimeout, nameof(CatalogTimeout));
        Positive(TitleLookupTimeout, nameof(TitleLookupTimeout));
        Positive(CatalogBackoffInitial, nameof(CatalogBackoffInitial));
        Positive(PendingPollInterval, nameof(PendingPollInterval));
        Positive(RefitInterval, nameof(RefitInterval));
        if (RefitMinInterval < TimeSpan.Zero || RefitMinInterval > RefitInterval)
        {
            throw new ArgumentException($"RefitMinInterval must be between 0 and RefitInterval ({RefitInterval}), got {RefitMinInterval}");
        }
        if (CatalogBackoffMax < CatalogBackoffInitial)
        {
            throw new ArgumentException($"CatalogBackoffMax ({CatalogBackoffMax}) must be at least CatalogBackoffInitial ({CatalogBackoffInitial})");
        }
        if (PendingMaxBackoff < PendingPollInterval)
        {
            throw new ArgumentException($"PendingMaxBackoff ({PendingMaxBackoff}) must be at least PendingPollInterval ({PendingPollInterval})");
        }
        Range(CatalogBatchSize, 1, 1000, nameof(CatalogBatchSize));
        Range(TitleCacheSize, 0, 100_000_000, nameof(TitleCacheSize));
        Range(PendingLookupsPerPoll, 1, 10_000_000, nameof(PendingLookupsPerPoll));
        Range(RefitEveryEvents, 1, int.MaxValue, nameof(RefitEveryEvents));
        Range(MaxTopInterests, 1, 10_000, nameof(MaxTopInterests));
        Range(MaxEvidencePerInterest, 1, 10_000, nameof(MaxEvidencePerInterest));
        Range(MaxRecentItems, 1, 10_000, nameof(MaxRecentItems));
        Range(MaxPopularItems, 1, 1_000_000, nameof(MaxPopularItems));
        Range(DefaultPopularItems, 1, MaxPopularItems, nameof(DefaultPopularItems));
        Range(MaxCovisitedItems, 1, 1_000_000, nameof(MaxCovisitedItems));
        Range(DefaultCovisitedItems, 1, MaxCovisitedItems, nameof(DefaultCovisitedItems));
        Range(MaxRecentUsers, 1, 100_000, nameof(MaxRecentUsers));
        Range(DefaultRecentUsers, 1, MaxRecentUsers, nameof(DefaultRecentUsers));
        Range(MaxActiveUsers, 1, 10_000_000, nameof(MaxActiveUsers));
        Range(DefaultActiveUsers, 1, MaxActiveUsers, nameof(DefaultActiveUsers));
        Range(StreamMessagesInFlight, 1, 1000, nameof(StreamMessagesInFlight));
        ArgumentNullException.ThrowIfNull(Dedupe, nameof(Dedupe));
        Dedupe.Validate();
        ArgumentNullException.ThrowIfNull(Storage, nameof(Storage));
        StoreOptions().Validate();
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive, got {value}");
        }
    }

    private static void Range(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentException($"{name} must be between {min} and {max}, got {value}");
        }
    }
}
