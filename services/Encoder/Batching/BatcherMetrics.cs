using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Recommender.Encoder.Batching;

/// <summary>
/// The batcher's instruments on the <see cref="EncoderMeter.Name"/> meter, every measurement
/// tagged with the model. Names follow OpenTelemetry conventions; the host's exporter renders them.
/// The instruments are shared by all batchers of the process (one instrument per name, so an
/// exporter sees one metric family with a series per model); each batcher adds its model's series.
/// </summary>
internal sealed class BatcherMetrics : IDisposable
{
    private static readonly Meter Meter = new(EncoderMeter.Name);
    private static readonly ConcurrentDictionary<BatcherMetrics, byte> Live = new();
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("encoder.batcher.batch_size", "{sequence}",
        "Sequences per batch run.");
    private static readonly Histogram<double> PaddingRatio = Meter.CreateHistogram<double>("encoder.batcher.padding_ratio", "1",
        "Padding tokens / computed tokens (batch size x padded length) per batch.");
    private static readonly Histogram<double> QueueWaitTime = Meter.CreateHistogram<double>("encoder.batcher.queue_wait", "ms",
        "Time a sequence waited in the queue before its batch started.");
    private static readonly Histogram<double> InferenceDuration = Meter.CreateHistogram<double>("encoder.batcher.inference_time", "ms",
        "Duration of one batch's inference.");
    private static readonly Counter<long> RejectedRequests = Meter.CreateCounter<long>("encoder.batcher.rejected", "{request}",
        "Requests rejected because the queue was full, tagged with the bound (limit).");
    private static readonly Counter<long> DroppedSequences = Meter.CreateCounter<long>("encoder.batcher.dropped_expired", "{sequence}",
        "Queued sequences dropped before running because the caller cancelled or the deadline passed (reason).");

    static BatcherMetrics()
    {
        Meter.CreateObservableGauge("encoder.batcher.queue_depth",
            () => Live.Keys.Select(m => new Measurement<int>(m._queuedItems(), m._model)), "{sequence}", "Sequences waiting in the batcher queue.");
        Meter.CreateObservableGauge("encoder.batcher.queued_tokens",
            () => Live.Keys.Select(m => new Measurement<long>(m._queuedTokens(), m._model)), "{token}", "Tokens waiting in the batcher queue.");
    }

    private readonly KeyValuePair<string, object?> _model;
    private readonly Func<int> _queuedItems;
    private readonly Func<long> _queuedTokens;

    public BatcherMetrics(string model, Func<int> queuedItems, Func<long> queuedTokens)
    {
        _model = new(EncoderMeter.ModelTag, model);
        _queuedItems = queuedItems;
        _queuedTokens = queuedTokens;
        Live.TryAdd(this, 0);
    }

    public void BatchStarted(int size, long paddedTokens, long realTokens)
    {
        BatchSize.Record(size, _model);
        PaddingRatio.Record((double)(paddedTokens - realTokens) / paddedTokens, _model);
    }

    public void QueueWait(TimeSpan wait) => QueueWaitTime.Record(wait.TotalMilliseconds, _model);

    public void InferenceTime(TimeSpan elapsed) => InferenceDuration.Record(elapsed.TotalMilliseconds, _model);

    public void Rejected(string limit) => RejectedRequests.Add(1, _model, new("limit", limit));

    public void Dropped(int sequences, string reason)
    {
        if (sequences > 0)
        {
            DroppedSequences.Add(sequences, _model, new("reason", reason));
        }
    }

    /// <summary>Removes this batcher's queue gauges.</summary>
    public void Dispose() => Live.TryRemove(this, out _);
}
