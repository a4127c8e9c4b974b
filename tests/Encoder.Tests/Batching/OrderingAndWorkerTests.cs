using Recommender.Encoder.Batching;
using static Recommender.Encoder.Tests.Batching.TestBatchers;

namespace Recommender.Encoder.Tests.Batching;

public sealed class OrderingAndWorkerTests
{
    [Fact]
    public async Task Concurrent_requests_get_their_own_vectors_in_request_order()
    {
        var inference = new RecordingInference();
        await using var batcher = Create(inference, new BatcherOptions { WorkerCount = 2, MaxBatchSize = 16, MaxQueuedTokens = 1_000_000 });
        var random = new Random(7);
        var requests = Enumerable.Range(0, 200)
            .Select(tag => Sequences.Request(tag, [.. Enumerable.Range(0, random.Next(1, 9)).Select(_ => random.Next(2, 70))]))
            .ToArray();

        var results = await Task.WhenAll(requests.Select(request =>
            Task.Run(() => batcher.SubmitAsync(request, DateTime.MaxValue)))).WaitAsync(Patience);

        for (var i = 0; i < requests.Length; i++)
        {
            AssertVectors(requests[i], results[i]);
        }

        Assert.Equal(requests.Sum(r => r.Length), inference.Batches.Sum(b => b.Length));
        Assert.Contains(inference.Batches, batch => batch.Select(s => s[0]).Distinct().Count() > 1);
    }

    [Fact]
    public async Task Inference_runs_on_the_batchers_dedicated_threads()
    {
        var inference = new RecordingInference();
        await using var batcher = Create(inference, new BatcherOptions { WorkerCount = 2 });

        await Task.WhenAll(Enumerable.Range(0, 20).Select(tag =>
            batcher.SubmitAsync(Sequences.Request(tag, 5), DateTime.MaxValue))).WaitAsync(Patience);

        Assert.False(inference.RanOnThreadPoolThread);
        Assert.All(inference.ThreadNames, name => Assert.StartsWith($"encoder-batch-{batcher.ModelName}-", name));
    }

    [Fact]
    public async Task Worker_count_batches_run_at_once_and_no_more()
    {
        var inference = new RecordingInference(blocked: true);
        await using var batcher = Create(inference, new BatcherOptions { WorkerCount = 3, Enabled = false });

        var requests = Enumerable.Range(0, 6).Select(tag => batcher.SubmitAsync(Sequences.Request(tag, 4), DateTime.MaxValue)).ToArray();
        await inference.WaitForStartsAsync(3);
        Assert.Equal(3, batcher.QueuedItems);
        Assert.False(await inference.Started.WaitAsync(TimeSpan.FromMilliseconds(200)), "a fourth batch started while three ran");

        inference.Open();
        await Task.WhenAll(requests).WaitAsync(Patience);
        Assert.Equal(3, inference.MaxConcurrentRuns);
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_with_the_field_named()
    {
        await using var batcher = Create(new RecordingInference(), new BatcherOptions());

        // Argument errors are the caller's bug: thrown synchronously, before anything is queued.
        var empty = Assert.Throws<ArgumentException>(() => { _ = batcher.SubmitAsync([], DateTime.MaxValue); });
        Assert.Equal("sequences", empty.ParamName);
        var emptySequence = Assert.Throws<ArgumentException>(() => { _ = batcher.SubmitAsync([[1, 2], []], DateTime.MaxValue); });
        Assert.Contains("Sequence 1 is empty", emptySequence.Message);
        Assert.Throws<ArgumentNullException>(() => { _ = batcher.SubmitAsync(null!, DateTime.MaxValue); });
        Assert.Equal(0, batcher.QueuedItems);
    }
}
