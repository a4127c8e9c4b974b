namespace Recommender.Encoder.Batching;

/// <summary>
/// How fast the workers get through queued tokens, measured from finished batches (computed
/// tokens per second of inference, smoothed, times the worker count). Not thread-safe: the
/// batcher uses it under its lock.
/// </summary>
internal sealed class ThroughputEstimate(int workerCount)
{
    private const double Smoothing = 0.2;

    private double _tokensPerSecondPerWorker = double.NaN;

    public void OnBatchCompleted(long computedTokens, TimeSpan elapsed)
    {
        if (elapsed <= TimeSpan.Zero)
        {
            return;
        }

        var sample = computedTokens / elapsed.TotalSeconds;
        _tokensPerSecondPerWorker = double.IsNaN(_tokensPerSecondPerWorker)
            ? sample
            : _tokensPerSecondPerWorker + (Smoothing * (sample - _tokensPerSecondPerWorker));
    }

    /// <summary>Estimated time to run <paramref name="tokens"/> queued tokens; null before the first batch.</summary>
    public TimeSpan? TimeToRun(long tokens) => double.IsNaN(_tokensPerSecondPerWorker)
        ? null
        : TimeSpan.FromSeconds(tokens / (_tokensPerSecondPerWorker * workerCount));
}
