using System.Diagnostics.Metrics;

namespace Recommender.Encoder.Batching;

/// <summary>
/// The batcher's instruments on the <see cref="EncoderMeter.Name"/> meter, every measurement
/// tagged with the model. Names follow OpenTelemetry conventions; the host's exporter renders them.
/// </summary>
internal sealed class BatcherMetrics : IDisposable
{
    private readonly Meter _meter = new(EncoderMeter.Name);
    private readonly KeyValuePair<string, object?> _model;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _paddingRatio;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _inferenceTime;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _dropped;

    public BatcherMetrics(string model, Func<int> queuedItems, Func<long> queuedTokens)
    {
        _model = new(EncoderMeter.ModelTag, model);
        _meter.CreateObservableGauge("encoder.batcher.queue_depth",
            () => new Measurement<int>(queuedItems(), _model), "{sequence}", "Sequences waiting in the batcher queue.");
        _meter.CreateObservableGauge("encoder.batcher.queued_tokens",
            () => new Measurement<long>(queuedTokens(), _model), "{token}", "Tokens waiting in the batcher queue.");
        _batchSize = _meter.CreateHistogram<int>("encoder.batcher.batch_size", "{sequence}",
            "Sequences per batch run.");
        _paddingRatio = _meter.CreateHistogram<double>("encoder.batcher.padding_ratio", "1",
            "Padding tokens / computed tokens (batch size x padded length) per batch.");
        _queueWait = _meter.CreateHistogram<double>("encoder.batcher.queue_wait", "ms",
            "Time a sequence waited in the queue before its batch started.");
        _inferenceTime = _meter.CreateHistogram<double>("encoder.batcher.inference_time", "ms",
            "Duration of one batch's inference.");
        _rejected = _meter.CreateCounter<long>("encoder.batcher.rejected", "{request}",
            "Requests rejected because the queue was full, tagged with the bound (limit).");
        _dropped = _meter.CreateCounter<long>("encoder.batcher.dropped_expired", "{sequence}",
            "Queued sequences dropped before running because the caller cancelled or the deadline passed (reason).");
    }

    public void BatchStarted(int size, long paddedTokens, long realTokens)
    {
        _batchSize.Record(size, _model);
        _paddingRatio.Record((double)(paddedTokens - realTokens) / paddedTokens, _model);
    }

    public void QueueWait(TimeSpan wait) => _queueWait.Record(wait.TotalMilliseconds, _model);

    public void InferenceTime(TimeSpan elapsed) => _inferenceTime.Record(elapsed.TotalMilliseconds, _model);

    public void Rejected(string limit) => _rejected.Add(1, _model, new("limit", limit));

    public void Dropped(int sequences, string reason)
    {
        if (sequences > 0)
        {
            _dropped.Add(sequences, _model, new("reason", reason));
        }
    }

    public void Dispose() => _meter.Dispose();
}
