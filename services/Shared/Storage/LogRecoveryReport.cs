namespace Recommender.Storage;

/// <summary>What opening a log found and repaired.</summary>
public sealed record LogRecoveryReport
{
    /// <summary>Segment files in the log after recovery.</summary>
    public required int Segments { get; init; }

    /// <summary>Valid batches found.</summary>
    public required long Batches { get; init; }

    /// <summary>Valid records found.</summary>
    public required long Records { get; init; }

    /// <summary>Sequence number of the first record the log can hold (the first segment's base).</summary>
    public required long FirstSequence { get; init; }

    /// <summary>The sequence number the next appended record gets.</summary>
    public required long NextSequence { get; init; }

    /// <summary>Bytes cut from the end of the last segment: an unacknowledged, torn write (0 if none).</summary>
    public long TornTailBytes { get; init; }

    /// <summary>The segment whose torn tail was cut, or null.</summary>
    public string? TornTailFile { get; init; }

    /// <summary>Where the torn tail began in <see cref="TornTailFile"/>.</summary>
    public long TornTailOffset { get; init; }

    /// <summary>
    /// With <see cref="LogRecoveryMode.DiscardFromCorruption"/>: the corruption that was accepted
    /// and the side files holding what was cut. Empty otherwise.
    /// </summary>
    public IReadOnlyList<string> SetAsideFiles { get; init; } = [];

    /// <summary>The damage accepted in <see cref="LogRecoveryMode.DiscardFromCorruption"/>, or null.</summary>
    public string? DiscardedCorruption { get; init; }
}
