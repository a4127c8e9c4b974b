using Recommender.Storage;

namespace Recommender.CandidateRetrieval.Service;

/// <summary>
/// Settings of the candidate-retrieval service, bound from configuration section <c>CandidateRetrieval</c> (for example
/// <c>--CandidateRetrieval:EncoderAddress=http://encoder:50051</c>). Time spans are written <c>hh:mm:ss</c>.
/// Validated at start; an unknown key or a value out of range stops the process with a message naming it.
/// </summary>
public sealed class CandidateRetrievalOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "CandidateRetrieval";

    /// <summary>The encoder's per-call text limit (protos/recsys/v1/encoder.proto).</summary>
    public const int EncoderMaxTexts = 256;

    /// <summary>Where the catalog log and snapshots live (created if missing). Default <c>data/candidate-retrieval</c>.</summary>
    public string DataDirectory { get; set; } = "data/candidate-retrieval";

    /// <summary>The encoder's gRPC address, for items upserted without a vector. Default <c>http://127.0.0.1:50051</c>.</summary>
    public string EncoderAddress { get; set; } = "http://127.0.0.1:50051";

    /// <summary>
    /// Encoder model that embeds item texts (it fixes the catalog's dimension; each item records the model that embedded
    /// it, and a catalog embedded with another model refuses new embeddings). Default <c>all-minilm-l6-v2</c>; empty
    /// means the encoder's default.
    /// </summary>
    public string EncoderModel { get; set; } = "all-minilm-l6-v2";

    /// <summary>
    /// Deadline for embedding the items of one upsert: all its Encode calls, and the retries of calls the busy encoder
    /// turned away (or the caller's deadline, when earlier). Default 30 s.
    /// </summary>
    public TimeSpan EncoderTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Texts per Encode call (1..256, the encoder's limit); a batch needs ceil(n / this) calls, made one after another. Default 256.</summary>
    public int EncoderBatchSize { get; set; } = EncoderMaxTexts;

    /// <summary>
    /// Characters of the description appended to the embedded text (cut at a word boundary; 0 leaves the description
    /// out). See <see cref="Embedding.ItemText"/>. Default 200.
    /// </summary>
    public int EmbedDescriptionCharacters { get; set; } = 200;

    /// <summary>Write a snapshot when the service stops gracefully, so the next start replays little. Default true.</summary>
    public bool SnapshotOnShutdown { get; set; } = true;

    /// <summary>Request limits.</summary>
    public CatalogLimits Limits { get; set; } = new();

    /// <summary>HNSW parameters.</summary>
    public IndexSettings Index { get; set; } = new();

    /// <summary>
    /// The durable store (<c>CandidateRetrieval:Storage:SnapshotAfterLogBytes</c>, <c>CandidateRetrieval:Storage:Log:FlushToDisk</c>,
    /// ...; see services/Shared/Storage/README.md). Its DataDirectory is <see cref="DataDirectory"/>. A snapshot holds
    /// the HNSW graph, so a restart loads it instead of rebuilding; the default snapshots every 64 MiB of log
    /// (about 60,000 items with 100-dimensional vectors), which bounds what a restart re-inserts.
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
        if (!Uri.TryCreate(EncoderAddress, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"EncoderAddress must be an http:// or https:// address, got '{EncoderAddress}'");
        }
        if (EncoderModel is null || EncoderModel.Length > 256)
        {
            throw new ArgumentException("EncoderModel must be a model name of at most 256 characters (empty means the encoder's default model)");
        }
        if (EncoderTimeout <= TimeSpan.Zero || EncoderTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"EncoderTimeout must be positive and at most 00:10:00, got {EncoderTimeout}");
        }
        if (EncoderBatchSize is < 1 or > EncoderMaxTexts)
        {
            throw new ArgumentException($"EncoderBatchSize must be between 1 and {EncoderMaxTexts} (the encoder's limit per call), got {EncoderBatchSize}");
        }
        ArgumentNullException.ThrowIfNull(Limits, nameof(Limits));
        Limits.Validate();
        if (EmbedDescriptionCharacters is < 0 or > Embedding.ItemText.MaxCharacters)
        {
            throw new ArgumentException($"EmbedDescriptionCharacters must be between 0 and {Embedding.ItemText.MaxCharacters}, got {EmbedDescriptionCharacters}");
        }
        ArgumentNullException.ThrowIfNull(Index, nameof(Index));
        Index.Validate(Limits);
        ArgumentNullException.ThrowIfNull(Storage, nameof(Storage));
        StoreOptions().Validate();
    }
}
