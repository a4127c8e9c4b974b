namespace Recommender.Encoder.Batching;

/// <summary>
/// Inference failed for a batch this request had sequences in. Only the requests of that batch
/// fail; the batcher keeps serving. The RPC layer maps it to INTERNAL.
/// </summary>
public sealed class BatchInferenceException : Exception
{
    /// <summary>Creates the exception for a batch of <paramref name="batchSize"/> sequences padded to <paramref name="paddedLength"/>.</summary>
    public BatchInferenceException(string model, int batchSize, int paddedLength, string reason, Exception? inner = null)
        : base($"Inference of model '{model}' failed for a batch of {batchSize} sequences padded to {paddedLength} tokens: {reason}", inner)
    {
    }
}
