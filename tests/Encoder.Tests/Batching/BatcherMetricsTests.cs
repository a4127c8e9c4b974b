using Recommender.Encoder.Batching;
using static Recommender.Encoder.Tests.Batching.TestBatchers;

namespace Recommender.Encoder.Tests.Batching;

public sealed class BatcherMetricsTests
{
    [Fact]
    public async Task The_batcher_publishes_queue_depth_batch_size_padding_waits_rejections_and_drops()
    {
        var model = UniqueModel();
        using var metrics = new MetricRecorder(model);
        var inference = new RecordingInference(blocked: true);
        await using var batcher = new DynamicBatcher(model, inference,
            new BatcherOptions { WorkerCount = 1, MaxQueuedItems = 4, MaxPaddingRatio = 0.5 });
        var blocker = await OccupyWorkerAsync(batcher, inference);

        var kept = batcher.SubmitAsync(Sequences.Request(1, 8, 6), DateTime.MaxValue);
        using var cancellation = new CancellationTokenSource();
        var cancelled = batcher.SubmitAsync(Sequences.Request(2, 5), DateTime.MaxValue, cancellation.Token);
        var rejected = batcher.SubmitAsync(Sequences.Request(3, 5, 5), DateTime.MaxValue);
        Assert.True(rejected.IsFaulted);

        metrics.Observe();
        Assert.Equal([3.0], metrics.Values("encoder.batcher.queue_depth"));
        Assert.Equal([19.0], metrics.Values("encoder.batcher.queued_tokens"));

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Patience));
        inference.Open();
        await Task.WhenAll(blocker, kept).WaitAsync(Patience);

        Assert.Equal([1.0, 2.0], metrics.Values("encoder.batcher.batch_size"));
        var padding = metrics.Values("encoder.batcher.padding_ratio");
        Assert.Equal(2, padding.Count);
        Assert.Equal(0.0, padding[0]);
        Assert.Equal(2.0 / 16, padding[1], 6);
        Assert.Equal(3, metrics.Values("encoder.batcher.queue_wait").Count);
        Assert.Equal(2, metrics.Values("encoder.batcher.inference_time").Count);
        Assert.All(metrics.Values("encoder.batcher.inference_time"), ms => Assert.True(ms >= 0));
        Assert.Equal([1.0], metrics.Values("encoder.batcher.rejected", "limit", "MaxQueuedItems"));
        Assert.Equal([1.0], metrics.Values("encoder.batcher.dropped_expired", "reason", "cancelled"));
    }

    [Fact]
    public async Task Expired_sequences_are_counted_as_dropped_for_the_deadline()
    {
        var model = UniqueModel();
        using var metrics = new MetricRecorder(model);
        var inference = new RecordingInference(blocked: true);
        await using var batcher = new DynamicBatcher(model, inference, new BatcherOptions { WorkerCount = 1 });
        var blocker = await OccupyWorkerAsync(batcher, inference);

        var expiring = batcher.SubmitAsync(Sequences.Request(1, 5, 6, 7), DateTime.UtcNow.AddMilliseconds(50));
        await Assert.ThrowsAsync<BatchDeadlineExceededException>(() => expiring.WaitAsync(Patience));
        inference.Open();
        await blocker.WaitAsync(Patience);

        Assert.Equal([3.0], metrics.Values("encoder.batcher.dropped_expired", "reason", "deadline"));
    }
}
