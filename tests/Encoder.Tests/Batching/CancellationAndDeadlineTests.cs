using Recommender.Encoder.Batching;
using static Recommender.Encoder.Tests.Batching.TestBatchers;

namespace Recommender.Encoder.Tests.Batching;

public sealed class CancellationAndDeadlineTests
{
    [Fact]
    public async Task A_cancelled_request_fails_promptly_and_never_reaches_inference()
    {
        var inference = new RecordingInference(blocked: true);
        await using var batcher = Create(inference, new BatcherOptions { WorkerCount = 1 });
        var blocker = await OccupyWorkerAsync(batcher, inference);
        using var cancellation = new CancellationTokenSource();

        var cancelled = batcher.SubmitAsync(Sequences.Request(1, 6, 7), DateTime.MaxValue, cancellation.Token);
        var kept = batcher.SubmitAsync(Sequences.Request(2, 6), DateTime.MaxValue);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Patience));
        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.False(blocker.IsCompleted, "the caller must hear before the running batch ends");
        Assert.Equal(1, batcher.QueuedItems);

        inference.Open();
        await Task.WhenAll(blocker, kept).WaitAsync(Patience);
        Assert.DoesNotContain(inference.Batches.SelectMany(b => b), s => s[0] == 1);
    }

    [Fact]
    public async Task A_request_already_cancelled_is_not_queued()
    {
        var inference = new RecordingInference();
        await using var batcher = Create(inference, new BatcherOptions());

        var task = batcher.SubmitAsync(Sequences.Request(1, 5), DateTime.MaxValue, new CancellationToken(canceled: true));

        Assert.True(task.IsCanceled);
        Assert.Equal(0, batcher.QueuedItems);
        Assert.Empty(inference.Batches);
    }

    [Fact]
    public async Task A_caller_cancelling_during_its_batch_hears_at_once_and_the_batch_still_serves_the_others()
    {
        var inference = new RecordingInference(blocked: true);
        await using var batcher = Create(inference, new BatcherOptions { WorkerCount = 1 });
        using var cancellation = new CancellationTokenSource();

        var running = batcher.SubmitAsync(Sequences.Request(1, 5), DateTime.MaxValue, cancellation.Token);
        await inference.WaitForStartsAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Patience));
        var next = batcher.SubmitAsync(Sequences.Request(2, 5), DateTime.MaxValue);
        inference.Open();
        AssertVectors(Sequences.Request(2, 5), await next.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_request_whose_deadline_passes_in_the_queue_fails_promptly_and_never_runs()
    {
        var inference = new RecordingInference(blocked: true);
        await using var batcher = Create(inference, new BatcherOptions { WorkerCount = 1 });
        var blocker = await OccupyWorkerAsync(batcher, inference);
        var deadline = DateTime.UtcNow.AddMilliseconds(100);

        var expiring = batcher.SubmitAsync(Sequences.Request(1, 6, 9), deadline);
        var kept = batcher.SubmitAsync(Sequences.Request(2, 6), DateTime.MaxValue);

        var error = await Assert.ThrowsAsync<BatchDeadlineExceededException>(() => expiring.WaitAsync(Patience));
        Assert.Equal(deadline, error.DeadlineUtc);
        Assert.Contains(batcher.ModelName, error.Message);
        Assert.False(blocker.IsCompleted, "the caller must hear before the running batch ends");
        Assert.Equal(1, batcher.QueuedItems);

        inference.Open();
        await Task.WhenAll(blocker, kept).WaitAsync(Patience);
        Assert.DoesNotContain(inference.Batches.SelectMany(b => b), s => s[0] == 1);
    }

    [Fact]
    public async Task A_request_past_its_deadline_on_arrival_fails_at_once()
    {
        var inference = new RecordingInference();
        await using var batcher = Create(inference, new BatcherOptions());

        var task = batcher.SubmitAsync(Sequences.Request(1, 5), DateTime.UtcNow.AddSeconds(-1));

        Assert.True(task.IsFaulted);
        Assert.IsType<BatchDeadlineExceededException>(task.Exception!.InnerException);
        Assert.Equal(0, batcher.QueuedItems);
    }

    [Fact]
    public async Task A_request_that_completes_before_its_deadline_is_not_failed_later()
    {
        var inference = new RecordingInference();
        await using var batcher = Create(inference, new BatcherOptions());
        var request = Sequences.Request(1, 5);

        var vectors = await batcher.SubmitAsync(request, DateTime.UtcNow.AddMilliseconds(300)).WaitAsync(Patience);
        await Task.Delay(500);

        AssertVectors(request, vectors);
    }
}
