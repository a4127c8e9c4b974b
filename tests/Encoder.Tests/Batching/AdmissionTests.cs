using Recommender.Encoder.Batching;
using static Recommender.Encoder.Tests.Batching.TestBatchers;

namespace Recommender.Encoder.Tests.Batching;

public sealed class AdmissionTests
{
    [Fact]
    public async Task A_request_that_does_not_fit_the_item_bound_is_rejected_at_once_and_as_a_whole()
    {
        var inference = new RecordingInference(blocked: true);
        await using var batcher = Create(inference, new BatcherOptions { WorkerCount = 1, MaxQueuedItems = 10 });
        var blocker = await OccupyWorkerAsync(batcher, inference);

        var admitted = Enumerable.Range(0, 4)
            .Select(tag => Sequences.Request(tag, 5, 6))
            .Select(request => (request, task: batcher.SubmitAsync(request, DateTime.MaxValue)))
            .ToList();
        Assert.Equal(8, batcher.QueuedItems);

        var rejected = batcher.SubmitAsync(Sequences.Request(50, 5, 5, 5), DateTime.MaxValue);
        Assert.True(rejected.IsFaulted, "the rejection must be immediate");
        var error = Assert.IsType<QueueFullException>(rejected.Exception!.InnerException);
        Assert.Equal(nameof(BatcherOptions.MaxQueuedItems), error.LimitName);
        Assert.Equal(10, error.Limit);
        Assert.Equal(8, error.Queued);
        Assert.Equal(3, error.Requested);
        Assert.Contains("Encoder:Batching:MaxQueuedItems = 10", error.Message);
        Assert.Equal(8, batcher.QueuedItems);

        var fits = Sequences.Request(60, 5, 5);
        var fitting = batcher.SubmitAsync(fits, DateTime.MaxValue);
        Assert.Equal(10, batcher.QueuedItems);

        inference.Open();
        await blocker.WaitAsync(Patience);
        foreach (var (request, task) in admitted)
        {
            AssertVectors(request, await task.WaitAsync(Patience));
        }

        AssertVectors(fits, await fitting.WaitAsync(Patience));
        Assert.DoesNotContain(inference.Batches.SelectMany(b => b), s => s[0] == 50);
    }

    [Fact]
    public async Task A_request_that_does_not_fit_the_token_bound_is_rejected_at_once()
    {
        var inference = new RecordingInference(blocked: true);
        await using var batcher = Create(inference, new BatcherOptions { WorkerCount = 1, MaxQueuedTokens = 100 });
        var blocker = await OccupyWorkerAsync(batcher, inference);

        var first = batcher.SubmitAsync(Sequences.Request(1, 40, 40), DateTime.MaxValue);
        var rejected = batcher.SubmitAsync(Sequences.Request(2, 21), DateTime.MaxValue);
        Assert.True(rejected.IsFaulted);
        var error = Assert.IsType<QueueFullException>(rejected.Exception!.InnerException);
        Assert.Equal(nameof(BatcherOptions.MaxQueuedTokens), error.LimitName);
        Assert.Equal(80, error.Queued);
        Assert.Equal(21, error.Requested);
        Assert.Equal(80, batcher.QueuedTokens);

        var fitting = batcher.SubmitAsync(Sequences.Request(3, 20), DateTime.MaxValue);
        inference.Open();
        await Task.WhenAll(blocker, first, fitting).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_request_larger_than_the_bounds_is_admitted_into_an_empty_queue()
    {
        var inference = new RecordingInference();
        await using var batcher = Create(inference, new BatcherOptions { MaxQueuedItems = 4, MaxQueuedTokens = 20 });
        var request = Sequences.Request(1, 10, 10, 10, 10, 10, 10);

        AssertVectors(request, await batcher.SubmitAsync(request, DateTime.MaxValue).WaitAsync(Patience));
    }

    [Fact]
    public async Task Under_overload_admitted_requests_complete_and_the_excess_is_rejected()
    {
        var inference = new RecordingInference(blocked: true);
        await using var batcher = Create(inference, new BatcherOptions { WorkerCount = 1, MaxQueuedItems = 50 });
        var blocker = await OccupyWorkerAsync(batcher, inference);

        var submitted = Enumerable.Range(0, 200).Select(tag =>
        {
            var request = Sequences.Request(tag, 8);
            return (request, task: batcher.SubmitAsync(request, DateTime.MaxValue));
        }).ToArray();
        var rejected = submitted.Where(s => s.task.IsFaulted).ToArray();
        Assert.Equal(150, rejected.Length);
        Assert.All(rejected, r => Assert.IsType<QueueFullException>(r.task.Exception!.InnerException));

        inference.Open();
        await blocker.WaitAsync(Patience);
        foreach (var (request, task) in submitted.Where(s => !s.task.IsFaulted))
        {
            AssertVectors(request, await task.WaitAsync(Patience));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_request_whose_deadline_is_shorter_than_the_queued_work_is_rejected_at_once(bool rejectUnreachable)
    {
        var inference = new RecordingInference(blocked: true);
        await using var batcher = Create(inference, new BatcherOptions { WorkerCount = 1, RejectUnreachableDeadlines = rejectUnreachable });

        // Teach the batcher its speed: a 10-token batch that takes at least 200 ms, so at most 50 tokens/s.
        var first = batcher.SubmitAsync(Sequences.Request(1, 10), DateTime.MaxValue);
        await inference.WaitForStartsAsync();
        await Task.Delay(200);
        inference.Open();
        await first.WaitAsync(Patience);

        inference.Close();
        var blocker = await OccupyWorkerAsync(batcher, inference);
        var queued = batcher.SubmitAsync(Sequences.Request(2, 50, 50), DateTime.MaxValue); // >= 2 s of work
        var tight = batcher.SubmitAsync(Sequences.Request(3, 5), DateTime.UtcNow.AddMilliseconds(500));
        var relaxed = batcher.SubmitAsync(Sequences.Request(4, 5), DateTime.UtcNow.AddMinutes(10));
        var none = batcher.SubmitAsync(Sequences.Request(5, 5), DateTime.MaxValue);

        if (rejectUnreachable)
        {
            Assert.True(tight.IsFaulted, "the rejection must be immediate");
            var error = Assert.IsType<QueueFullException>(tight.Exception!.InnerException);
            Assert.Equal(QueueFullException.DeadlineLimit, error.LimitName);
            Assert.InRange(error.Limit, 1, 500);
            Assert.True(error.Queued >= 2000, $"estimated {error.Queued} ms of queued work");
            Assert.Contains("left before its deadline", error.Message);
        }
        else
        {
            Assert.False(tight.IsCompleted);
        }

        inference.Open();
        await Task.WhenAll(blocker, queued, relaxed, none).WaitAsync(Patience);
    }
}
