namespace Recommender.Encoder.Service;

/// <summary>
/// Request limits of the encoder's RPCs, bound from configuration section <see cref="SectionName"/>.
/// A request beyond a limit fails with INVALID_ARGUMENT naming the field and the limit.
/// </summary>
public sealed class EncoderLimits
{
    /// <summary>Configuration section these limits are bound from.</summary>
    public const string SectionName = "Encoder:Limits";

    /// <summary>Upper limit accepted for <see cref="MaxTextsPerRequest"/>.</summary>
    public const int MaxTextsPerRequestLimit = 100_000;

    /// <summary>Upper limit accepted for <see cref="MaxCharactersPerText"/>.</summary>
    public const int MaxCharactersPerTextLimit = 10_000_000;

    /// <summary>Upper limit accepted for <see cref="MaxStreamChunksInFlight"/>.</summary>
    public const int MaxStreamChunksInFlightLimit = 1024;

    /// <summary>Most texts in one Encode or Tokenize request or one EncodeStream chunk (1 to 100,000). Default 256.</summary>
    public int MaxTextsPerRequest { get; set; } = 256;

    /// <summary>
    /// Most characters (UTF-16 code units, as .NET and Java count them) in one text (1 to 10,000,000).
    /// Default 16,384. Texts within the limit but longer than the model's maximum length are truncated.
    /// </summary>
    public int MaxCharactersPerText { get; set; } = 16_384;

    /// <summary>
    /// The flow-control window of EncodeStream: chunks read but not yet answered (1 to 1024). While
    /// the window is full the server reads no further chunk, so HTTP/2 flow control slows a fast
    /// sender. Default 4 (enough to keep the batcher busy while answers are written).
    /// </summary>
    public int MaxStreamChunksInFlight { get; set; } = 4;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first limit outside its range.</summary>
    public void Validate()
    {
        Require(MaxTextsPerRequest is >= 1 and <= MaxTextsPerRequestLimit, nameof(MaxTextsPerRequest), MaxTextsPerRequestLimit, MaxTextsPerRequest);
        Require(MaxCharactersPerText is >= 1 and <= MaxCharactersPerTextLimit, nameof(MaxCharactersPerText), MaxCharactersPerTextLimit, MaxCharactersPerText);
        Require(MaxStreamChunksInFlight is >= 1 and <= MaxStreamChunksInFlightLimit, nameof(MaxStreamChunksInFlight),
            MaxStreamChunksInFlightLimit, MaxStreamChunksInFlight);
    }

    private static void Require(bool valid, string name, int limit, int value)
    {
        if (!valid)
        {
            throw new ArgumentException($"{SectionName}:{name} must be between 1 and {limit} (was {value}).", name);
        }
    }
}
