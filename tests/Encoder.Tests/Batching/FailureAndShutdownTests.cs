using Recommender.Encoder.Batching;
using static Recommender.Encoder.Tests.Batching.TestBatchers;

namespace Recommender.Encoder.Tests.Batching;

public sealed class FailureAndShutdownTests
{
    private const int Poison = 666;

    [Fact]
    public async Task An_inference_failure_fails_only_the_requests_in_that_batch_and_the_batcher_keeps_serving()
    {
        var inference = new RecordingInference(blocked: true) { FailWhen = batch => batch.Any(s => s[0] == Poison) };
        await using var batcher = Create(inference, new BatcherOptions { WorkerCount = 1, MaxPaddingRatio = 0.1 });
        var blocker = await OccupyWorkerAsync(batcher, inference);

        // The poisoned request shares its batch with a request of the same length; a request of a
        // very different length runs in another batch.
        var neighbour = batcher.SubmitAsync(Sequences.Request(1, 10), DateTime.MaxValue);
        var poisoned = batcher.SubmitAsync([Sequences.Tagged(Poison, 10), Sequences.Tagged(Poison, 40)], DateTime.MaxValue);
        var other = Sequences.Request(2, 40);
        var elsewhere = batcher.SubmitAsync(other, DateTime.MaxValue);
        inference.Open();
        await blocker.WaitAsync(Patience);

        var error = await Assert.ThrowsAsync<BatchInferenceException>(() => poisoned.WaitAsync(Patience));
        Assert.Contains(batcher.ModelName, error.Message);
        Assert.Contains("poisoned batch", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        await Assert.ThrowsAsync<BatchInferenceException>(() => neighbour.WaitAsync(Patience));
        AssertVectors(other, await elsewhere.WaitAsync(Patience));

        // The poisoned request's second sequence was dropped with it, not run.
        Assert.Single(inference.Batches.SelectMany(b => b), s => s[0] == Poison);

        var later = Sequences.Request(3, 12, 30);
        AssertVectors(later, await batcher.SubmitAsync(later, DateTime.MaxValue).WaitAsync(Patience));
    }

    [Fact]
    public async Task Inference_that_returns_the_wrong_number_of_vectors_fails_the_batch_clearly()
    {
        var inference = new RecordingInference { OverrideOutput = batch => [[1f]] };
        await using var batcher = Create(inference, new BatcherOptions());

        var error = await Assert.ThrowsAsync<BatchInferenceException>(() =>
            batcher.SubmitAsync(Sequences.Request(1, 5, 5), DateTime.MaxValue).WaitAsync(Patience));
        Assert.Contains("returned 1 vectors for 2 sequences", error.Message);

        inference.OverrideOutput = null;
        AssertVectors(Sequences.Request(2, 5), await batcher.SubmitAsync(Sequences.Request(2, 5), DateTime.MaxValue).WaitAsync(Patience));
    }

    [Fact]
    public async Task Stopping_drains_the_queue_and_refuses_new_requests()
    {
        var inference = new RecordingInference(blocked: true);
        var batcher = Create(inference, new BatcherOptions { WorkerCount = 1 });
        var blocker = await OccupyWorkerAsync(batcher, inference);
        var queued = Enumerable.Range(0, 5).Select(tag => Sequences.Request(tag, 4 + tag)).ToArray();
        var pending = queued.Select(r => batcher.SubmitAsync(r, DateTime.MaxValue)).ToArray();

        var stopping = batcher.StopAsync();
        var late = batcher.SubmitAsync(Sequences.Request(9, 4), DateTime.MaxValue);
        Assert.True(late.IsFaulted);
        Assert.IsType<BatcherStoppedException>(late.Exception!.InnerException);
        Assert.False(stopping.IsCompleted);

        inference.Open();
        await stopping.WaitAsync(Patience);
        await blocker;
        for (var i = 0; i < queued.Length; i++)
        {
            AssertVectors(queued[i], await pending[i]);
        }
    }

    [Fact]
    public async Task Disposing_fails_queued_requests_at_once_and_lets_the_running_batch_finish()
    {
        var inference = new RecordingInference(blocked: true);
        var batcher = Create(inference, new BatcherOptions { WorkerCount = 1 });
        var blocker = await OccupyWorkerAsync(batcher, inference);
        var queued = Enumerable.Range(0, 5).Select(tag => batcher.SubmitAsync(Sequences.Request(tag, 4), DateTime.MaxValue)).ToArray();

        var disposing = batcher.DisposeAsync().AsTask();
        foreach (var task in queued)
        {
            await Assert.ThrowsAsync<BatcherStoppedException>(() => task.WaitAsync(Patience));
        }

        Assert.False(disposing.IsCompleted, "disposal waits for the running batch");
        inference.Open();
        await disposing.WaitAsync(Patience);
        AssertVectors([Sequences.Tagged(999, 3)], await blocker);
        Assert.Single(inference.Batches);
    }

    [Fact]
    public async Task Cancelling_the_drain_fails_what_is_still_queued()
    {
        var inference = new RecordingInference(blocked: true);
        var batcher = Create(inference, new BatcherOptions { WorkerCount = 1 });
        var blocker = await OccupyWorkerAsync(batcher, inference);
        var queued = batcher.SubmitAsync(Sequences.Request(1, 4), DateTime.MaxValue);
        using var drain = new CancellationTokenSource();

        var stopping = batcher.StopAsync(drain.Token);
        await drain.CancelAsync();

        await Assert.ThrowsAsync<BatcherStoppedException>(() => queued.WaitAsync(Patience));
        inference.Open();
        await Task.WhenAll(stopping, blocker).WaitAsync(Patience);
    }

    [Fact]
    public async Task Stopping_an_idle_batcher_completes_and_can_be_repeated()
    {
        var batcher = Create(new RecordingInference(), new BatcherOptions { WorkerCount = 4 });

        await batcher.StopAsync().WaitAsync(Patience);
        await batcher.StopAsync().WaitAsync(Patience);
        await batcher.DisposeAsync();
    }
}
