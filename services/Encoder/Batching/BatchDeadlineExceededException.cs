namespace Recommender.Encoder.Batching;

/// <summary>
/// The request's deadline passed before all of its sequences ran; sequences still queued were
/// dropped without running. The RPC layer maps it to DEADLINE_EXCEEDED.
/// </summary>
public sealed class BatchDeadlineExceededException : TimeoutException
{
    /// <summary>Creates the exception for a request of <paramref name="sequenceCount"/> sequences.</summary>
    public BatchDeadlineExceededException(string model, DateTime deadlineUtc, int sequenceCount)
        : base($"The deadline {deadlineUtc:O} passed before model '{model}' embedded all {sequenceCount} sequences.")
    {
        DeadlineUtc = deadlineUtc;
    }

    /// <summary>The deadline that passed.</summary>
    public DateTime DeadlineUtc { get; }
}
