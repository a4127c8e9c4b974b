namespace Recommender.Encoder.Caching;

/// <summary>Knobs of the embedding cache, bound from configuration section <see cref="SectionName"/>.</summary>
public sealed class EmbeddingCacheOptions
{
    /// <summary>Configuration section the host binds these options from.</summary>
    public const string SectionName = "Encoder:Cache";

    /// <summary>Upper limit accepted for <see cref="CapacityBytes"/> (64 GiB).</summary>
    public const long CapacityBytesLimit = 64L << 30;

    /// <summary>
    /// Most memory the cached entries may take, keys and vectors counted (0 to 64 GiB; 0 turns the
    /// cache off). Default 64 MiB, about 40,000 vectors of dimension 384 with short texts.
    /// </summary>
    public long CapacityBytes { get; set; } = 64L << 20;

    /// <summary>Throws <see cref="ArgumentException"/> naming the option when it is outside its limits.</summary>
    public void Validate()
    {
        if (CapacityBytes is < 0 or > CapacityBytesLimit)
        {
            throw new ArgumentException(
                $"{SectionName}:{nameof(CapacityBytes)} must be between 0 and {CapacityBytesLimit} (was {CapacityBytes}).",
                nameof(CapacityBytes));
        }
    }
}
