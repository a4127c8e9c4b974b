namespace Recommender.Storage;

/// <summary>Counters of a log since it was opened.</summary>
public readonly record struct LogStatistics(
    long Appends,
    long Records,
    long Commits,
    long Fsyncs,
    long BytesWritten,
    int Segments);
