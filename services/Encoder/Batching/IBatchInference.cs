namespace Recommender.Encoder.Batching;

/// <summary>
/// One model's inference over a batch of token sequences. Implementations pad to the longest
/// sequence of the batch, run synchronously on the calling thread and return one vector per
/// sequence, in order. The batcher calls <see cref="Run"/> from one of its dedicated worker
/// threads, from several at once when <see cref="BatcherOptions.WorkerCount"/> is above one.
/// </summary>
public interface IBatchInference
{
    /// <summary>Embeds <paramref name="sequences"/> (token ids, special tokens included).</summary>
    float[][] Run(IReadOnlyList<int[]> sequences);
}
