using System.Diagnostics;
using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>One measured point of the model's efficiency: batches of equal-length texts, back to back.</summary>
internal sealed record EfficiencyPoint(int BatchSize, int Length, Threading Threading, long Runs, double GigaFlops, CpuInterval Time)
{
    public double TextsPerSecond => Runs * BatchSize / Time.WallSeconds;

    /// <summary>Texts per CPU-second received.</summary>
    public double TextsPerCoreSecond => Runs * BatchSize / Time.CpuSeconds;

    /// <summary>Mean wall time of one run on one worker.</summary>
    public double MillisecondsPerRun => Time.WallSeconds * 1000 * Threading.Workers / Math.Max(1, Runs);

    /// <summary>GFLOP per CPU-second received: the rate of one busy core.</summary>
    public double CoreRate => GigaFlops / Time.CpuSeconds;
}

/// <summary>
/// The model's own ceiling, without the batcher: <see cref="Threading.Workers"/> threads each running
/// batches of <c>batchSize</c> texts of <c>length</c> tokens (no padding) back to back. Shows how
/// much a batch gains over one text at a time, which bounds what any batcher can gain.
/// </summary>
internal static class ModelEfficiency
{
    public static EfficiencyPoint Measure(IBatchInference model, TransformerShape shape, Threading threading,
        int batchSize, int length, TimeSpan duration)
    {
        var random = new Random(batchSize * 1000 + length);
        var batch = Enumerable.Range(0, batchSize).Select(_ => LengthMix.Sequence(random, length)).ToArray();
        model.Run(batch);

        long runs = 0;
        using var start = new Barrier(threading.Workers + 1);
        var stopAt = long.MaxValue;
        var workers = Enumerable.Range(0, threading.Workers).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            while (Stopwatch.GetTimestamp() < Volatile.Read(ref stopAt))
            {
                model.Run(batch);
                Interlocked.Increment(ref runs);
            }
        })).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        var clock = CpuClock.Start();
        Volatile.Write(ref stopAt, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        start.SignalAndWait();
        foreach (var worker in workers)
        {
            worker.Join();
        }

        return new EfficiencyPoint(batchSize, length, threading, runs, runs * shape.Flops(batchSize, length) / 1e9, clock.Stop());
    }
}
