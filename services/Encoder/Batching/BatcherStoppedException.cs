namespace Recommender.Encoder.Batching;

/// <summary>
/// The batcher is shutting down: the request arrived after shutdown began, or it was still queued
/// when shutdown stopped draining. The RPC layer maps it to UNAVAILABLE.
/// </summary>
public sealed class BatcherStoppedException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="model"/>.</summary>
    public BatcherStoppedException(string model)
        : base($"The encoder batcher of model '{model}' is shutting down.")
    {
    }
}
