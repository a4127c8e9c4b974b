using System.Diagnostics;
using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>Results of one closed-loop point.</summary>
internal sealed record ClosedLoopResult(string Mode, int Concurrency, double TextsPerSecond, double P50, double P99,
    double RejectedFraction, MeasuringInference.Counts Work, double Seconds)
{
    public double GigaFlopsPerSecond => Work.MegaFlops / 1e3 / Seconds;
}

/// <summary>Results of one open-loop point.</summary>
internal sealed record OpenLoopResult(double OfferedPerSecond, int Offered, int Completed, int Rejected, int TimedOut,
    int Failed, double AdmittedPerSecond, double P50, double P99);

/// <summary>The load generators: closed-loop clients and open-loop Poisson arrivals, one text per request.</summary>
internal static class Scenarios
{
    /// <summary>Pause of a closed-loop client after a rejection (RESOURCE_EXHAUSTED) before it retries.</summary>
    private static readonly TimeSpan RetryBackoff = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// <paramref name="concurrency"/> clients, each sending its next text as soon as the last returns.
    /// A rejected request is retried after <see cref="RetryBackoff"/>; its latency counts from the first attempt.
    /// </summary>
    public static async Task<ClosedLoopResult> ClosedLoopAsync(string mode, DynamicBatcher batcher, MeasuringInference meter,
        int concurrency, BenchSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var measureFrom = settings.WarmupSeconds;
        var measureUntil = settings.WarmupSeconds + settings.MeasureSeconds;
        var latencies = new Latencies();
        long requests = 0, rejectedRequests = 0;
        var clients = Enumerable.Range(0, concurrency).Select(client => Task.Run(async () =>
        {
            var random = new Random(1000 + client);
            while (clock.Elapsed.TotalSeconds < measureUntil)
            {
                var sequence = LengthMix.NextSequence(random);
                var started = clock.Elapsed.TotalSeconds;
                var rejected = false;
                while (true)
                {
                    try
                    {
                        await batcher.SubmitAsync([sequence], DateTime.MaxValue).ConfigureAwait(false);
                        break;
                    }
                    catch (QueueFullException)
                    {
                        rejected = true;
                        await Task.Delay(RetryBackoff).ConfigureAwait(false);
                    }
                }

                if (started >= measureFrom)
                {
                    Interlocked.Increment(ref requests);
                    if (rejected)
                    {
                        Interlocked.Increment(ref rejectedRequests);
                    }
                }

                var finished = clock.Elapsed.TotalSeconds;
                if (finished >= measureFrom && finished < measureUntil)
                {
                    latencies.Add((finished - started) * 1000);
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(measureFrom));
        var before = meter.Snapshot();
        await Task.Delay(TimeSpan.FromSeconds(measureUntil - clock.Elapsed.TotalSeconds));
        var work = meter.Snapshot() - before;
        await Task.WhenAll(clients);
        return new ClosedLoopResult(mode, concurrency, latencies.Count / settings.MeasureSeconds,
            latencies.Percentile(50), latencies.Percentile(99), requests == 0 ? 0 : (double)rejectedRequests / requests,
            work, settings.MeasureSeconds);
    }

    /// <summary>Requests arriving as a Poisson process at <paramref name="ratePerSecond"/>, whatever the answers.</summary>
    public static async Task<OpenLoopResult> OpenLoopAsync(DynamicBatcher batcher, double ratePerSecond, BenchSettings settings)
    {
        var random = new Random(7);
        var latencies = new Latencies();
        int offered = 0, completed = 0, rejected = 0, timedOut = 0, failed = 0;
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        var measureFrom = settings.WarmupSeconds;
        var until = settings.WarmupSeconds + settings.OverloadSeconds;
        var next = 0.0;
        using var trace = settings.Trace ? new Timer(_ => Console.Error.WriteLine(
            $"[{clock.Elapsed.TotalSeconds,6:F2}s] queued {batcher.QueuedItems} texts / {batcher.QueuedTokens} tokens, " +
            $"offered {Volatile.Read(ref offered)}, completed {Volatile.Read(ref completed)}, rejected {Volatile.Read(ref rejected)}, " +
            $"timed out {Volatile.Read(ref timedOut)}"), null, 250, 250) : null;
        while (next < until)
        {
            next += -Math.Log(1 - random.NextDouble()) / ratePerSecond;
            var ahead = next - clock.Elapsed.TotalSeconds;
            if (ahead > 0.002)
            {
                await Task.Delay(TimeSpan.FromSeconds(ahead));
            }

            var counted = next >= measureFrom;
            var started = clock.Elapsed.TotalSeconds;
            var deadline = DateTime.UtcNow.AddMilliseconds(settings.DeadlineMs);
            var task = batcher.SubmitAsync([LengthMix.NextSequence(random)], deadline);
            if (!counted)
            {
                inFlight.Add(task);
                continue;
            }

            offered++;
            inFlight.Add(task.ContinueWith(t =>
            {
                switch (t.Exception?.InnerException)
                {
                    case null:
                        Interlocked.Increment(ref completed);
                        latencies.Add((clock.Elapsed.TotalSeconds - started) * 1000);
                        break;
                    case QueueFullException:
                        Interlocked.Increment(ref rejected);
                        break;
                    case BatchDeadlineExceededException:
                        Interlocked.Increment(ref timedOut);
                        break;
                    default:
                        Interlocked.Increment(ref failed);
                        break;
                }
            }, TaskScheduler.Default));
        }

        await Task.WhenAll(inFlight.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        return new OpenLoopResult(ratePerSecond, offered, completed, rejected, timedOut, failed,
            completed / settings.OverloadSeconds, latencies.Percentile(50), latencies.Percentile(99));
    }

    /// <summary>
    /// Runs batches of several sizes until the JIT has optimised the hot loops (tiered compilation
    /// starts them unoptimised), so no measurement sees cold code.
    /// </summary>
    public static void WarmUp(IBatchInference inference, TimeSpan duration)
    {
        var random = new Random(1);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var round = 0; clock.Elapsed < duration || round < 3; round++)
        {
            foreach (var size in new[] { 1, 4, 16 })
            {
                inference.Run([.. Enumerable.Range(0, size).Select(_ => LengthMix.NextSequence(random))]);
            }
        }
    }

    /// <summary>
    /// The single-request overhead: the same text run bare (inference on this thread, no batcher) and
    /// then through an idle batcher, alternately, so both see the same machine load.
    /// </summary>
    public static async Task<(Latencies Bare, Latencies Batched)> PairedSingleRunsAsync(
        IBatchInference inference, DynamicBatcher batcher, TimeSpan duration)
    {
        var random = new Random(1000);
        var bare = new Latencies();
        var batched = new Latencies();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var sequence = LengthMix.NextSequence(random);
            var started = Stopwatch.GetTimestamp();
            inference.Run([sequence]);
            bare.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            started = Stopwatch.GetTimestamp();
            await batcher.SubmitAsync([sequence], DateTime.MaxValue).ConfigureAwait(false);
            batched.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return (bare, batched);
    }

    /// <summary>GFLOP/s of one thread's GEMM with m rows against a k x n weight, as a batch of m tokens sees it.</summary>
    public static double GemmRate(int m, int k, int n, TimeSpan duration)
    {
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        Array.Fill(a, 0.5f);
        Array.Fill(b, 0.25f);
        long multiplies = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            Gemm.Multiply(a, b, c, m, k, n);
            multiplies++;
        }

        return multiplies * Gemm.Flops(m, k, n) / clock.Elapsed.TotalSeconds / 1e9;
    }

    /// <summary>GFLOP/s of the GEMM kernel on large matrices, one thread per worker: the machine's MatMul peak for this kernel.</summary>
    public static double GemmPeak(int threads, TimeSpan duration)
    {
        const int m = 512, k = 384, n = 1536;
        long multiplies = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            var a = new float[m * k];
            var b = new float[k * n];
            var c = new float[m * n];
            Array.Fill(a, 0.5f);
            Array.Fill(b, 0.25f);
            while (clock.Elapsed < duration)
            {
                Gemm.Multiply(a, b, c, m, k, n);
                Interlocked.Increment(ref multiplies);
            }
        })).ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        return multiplies * Gemm.Flops(m, k, n) / clock.Elapsed.TotalSeconds / 1e9;
    }
}
