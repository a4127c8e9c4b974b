using Recommender.Encoder.Batching;
using static Recommender.Encoder.Tests.Batching.TestBatchers;

namespace Recommender.Encoder.Tests.Batching;

public sealed class BatchFormationTests
{
    [Fact]
    public async Task Batches_respect_the_batch_size_and_the_token_budget()
    {
        var inference = new RecordingInference(blocked: true);
        var options = new BatcherOptions { WorkerCount = 1, MaxBatchSize = 4, MaxBatchTokens = 40, MaxPaddingRatio = 0.9 };
        await using var batcher = Create(inference, options);
        var blocker = await OccupyWorkerAsync(batcher, inference);

        var random = new Random(3);
        var requests = Enumerable.Range(0, 30).Select(tag => Sequences.Request(tag, random.Next(2, 16))).ToList();
        requests.Add(Sequences.Request(100, 55)); // longer than the whole budget: must run, alone
        var pending = requests.Select(r => batcher.SubmitAsync(r, DateTime.MaxValue)).ToArray();
        inference.Open();
        var results = await Task.WhenAll(pending).WaitAsync(Patience);
        await blocker;

        for (var i = 0; i < requests.Count; i++)
        {
            AssertVectors(requests[i], results[i]);
        }

        var batches = AfterBlocker(inference);
        Assert.All(batches, batch => Assert.InRange(batch.Length, 1, options.MaxBatchSize));
        Assert.All(batches.Where(b => b.Length > 1), batch => Assert.True(
            batch.Length * batch.Max(s => s.Length) <= options.MaxBatchTokens,
            $"batch of {batch.Length} padded to {batch.Max(s => s.Length)} exceeds the budget"));
        Assert.Contains(batches, b => b.Length == options.MaxBatchSize);
        Assert.Contains(batches, b => b.Length < options.MaxBatchSize && b.Length * b.Max(s => s.Length) > options.MaxBatchTokens / 2);
        Assert.Single(batches, b => b.Any(s => s.Length == 55) && b.Length == 1);
    }

    [Fact]
    public async Task Similar_lengths_are_grouped_so_padding_stays_low_for_a_mixed_load()
    {
        var inference = new RecordingInference(blocked: true);
        var options = new BatcherOptions { WorkerCount = 1, MaxBatchSize = 32, MaxBatchTokens = 4096, MaxPaddingRatio = 0.2, MaxQueuedTokens = 100_000 };
        await using var batcher = Create(inference, options);
        var blocker = await OccupyWorkerAsync(batcher, inference);

        var random = new Random(11);
        var requests = Enumerable.Range(0, 400).Select(tag => Sequences.Request(tag, random.Next(8, 65))).ToArray();
        var pending = requests.Select(r => batcher.SubmitAsync(r, DateTime.MaxValue)).ToArray();
        inference.Open();
        await Task.WhenAll(pending).WaitAsync(Patience);
        await blocker;

        var batches = AfterBlocker(inference);
        Assert.All(batches, batch => Assert.True(Sequences.PaddingRatio(batch) <= options.MaxPaddingRatio + 1e-9));
        var padded = batches.Sum(b => (double)b.Length * b.Max(s => s.Length));
        var real = batches.Sum(b => (double)b.Sum(s => s.Length));
        Assert.True((padded - real) / padded < 0.15, $"padding was {(padded - real) / padded:P1} of computed tokens");

        // Grouping must not collapse into tiny batches: the same queue cut in arrival order into
        // batches of 32 would pad about 40%, here the batches stay large.
        Assert.True(requests.Length / (double)batches.Count >= 8, $"mean batch size {requests.Length / (double)batches.Count:F1}");
        var fifo = requests.Select(r => r[0]).Chunk(32).ToArray();
        var fifoPadded = fifo.Sum(b => (double)b.Length * b.Max(s => s.Length));
        Assert.True((fifoPadded - real) / fifoPadded > 0.3);
    }

    [Fact]
    public async Task Every_batch_starts_with_the_oldest_queued_sequence_so_none_starves()
    {
        var inference = new RecordingInference(blocked: true);
        await using var batcher = Create(inference, new BatcherOptions { WorkerCount = 1, MaxBatchSize = 8, MaxPaddingRatio = 0.1 });
        var blocker = await OccupyWorkerAsync(batcher, inference);

        // A rare length first, then many of a common length that would always fill batches.
        var arrival = new List<int[]> { Sequences.Tagged(0, 50) };
        arrival.AddRange(Enumerable.Range(1, 40).Select(tag => Sequences.Tagged(tag, 10)));
        arrival.Add(Sequences.Tagged(41, 30));
        arrival.AddRange(Enumerable.Range(42, 20).Select(tag => Sequences.Tagged(tag, 10)));
        var pending = arrival.Select(s => batcher.SubmitAsync([s], DateTime.MaxValue)).ToArray();
        inference.Open();
        await Task.WhenAll(pending).WaitAsync(Patience);
        await blocker;

        var remaining = arrival.Select(s => s[0]).ToList();
        foreach (var batch in AfterBlocker(inference))
        {
            Assert.Equal(remaining[0], batch[0][0]);
            foreach (var sequence in batch)
            {
                remaining.Remove(sequence[0]);
            }
        }

        Assert.Empty(remaining);
    }

    [Fact]
    public async Task With_batching_off_each_request_runs_alone()
    {
        var inference = new RecordingInference(blocked: true);
        await using var batcher = Create(inference, new BatcherOptions { WorkerCount = 1, Enabled = false, MaxBatchSize = 4 });
        var blocker = await OccupyWorkerAsync(batcher, inference);

        var requests = Enumerable.Range(0, 10).Select(tag => Sequences.Request(tag, 12)).ToList();
        requests.Add(Sequences.Request(10, 12, 5, 7));
        requests.Add(Sequences.Request(11, 4, 4, 4, 4, 4, 4)); // split by MaxBatchSize only
        var pending = requests.Select(r => batcher.SubmitAsync(r, DateTime.MaxValue)).ToArray();
        inference.Open();
        var results = await Task.WhenAll(pending).WaitAsync(Patience);
        await blocker;

        for (var i = 0; i < requests.Count; i++)
        {
            AssertVectors(requests[i], results[i]);
        }

        var batches = AfterBlocker(inference);
        Assert.All(batches, batch => Assert.Single(batch.Select(s => s[0]).Distinct()));
        Assert.Equal(13, batches.Count);
        Assert.Contains(batches, b => b.Length == 3 && b[0][0] == 10);
        Assert.Equal([4, 2], batches.Where(b => b[0][0] == 11).Select(b => b.Length));
    }

    [Fact]
    public async Task A_lone_request_on_an_idle_batcher_never_waits_for_company()
    {
        var inference = new RecordingInference();
        await using var batcher = Create(inference, new BatcherOptions { MaxQueueDelay = BatcherOptions.MaxQueueDelayLimit });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        for (var tag = 0; tag < 20; tag++)
        {
            AssertVectors(Sequences.Request(tag, 9), await batcher.SubmitAsync(Sequences.Request(tag, 9), DateTime.MaxValue).WaitAsync(Patience));
        }

        // Waiting the 1 s MaxQueueDelay for company even once per request would take 20 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"20 sequential requests took {clock.Elapsed}");
        Assert.All(inference.Batches, batch => Assert.Single(batch));
    }
}
