namespace Recommender.Storage;

/// <summary>
/// One record of the log: its sequence number and its opaque payload. The payload memory is only
/// valid during the callback that receives the record; copy it to keep it.
/// </summary>
public readonly record struct LogRecord(long Sequence, ReadOnlyMemory<byte> Payload);

/// <summary>The sequence numbers given to an appended batch, which is durable once this exists.</summary>
public readonly record struct AppendResult(long FirstSequence, long LastSequence)
{
    /// <summary>Number of records in the batch.</summary>
    public int Count => checked((int)(LastSequence - FirstSequence + 1));
}
