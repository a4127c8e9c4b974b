using System.Diagnostics;
using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>Results of one closed-loop point.</summary>
internal sealed record ClosedLoopResult(string Mode, Threading Threading, int Concurrency, double TextsPerSecond, double P50, double P99,
    double RejectedFraction, MeasuringInference.Counts Work, CpuInterval Time)
{
    /// <summary>Texts per CPU-second this process received (clients, batcher and inference together).</summary>
    public double TextsPerCoreSecond => TextsPerSecond * Time.WallSeconds / Time.CpuSeconds;

    /// <summary>Model GFLOP per CPU-second received.</summary>
    public double CoreRate => Work.MegaFlops / 1e3 / Time.CpuSeconds;

    public string Name => $"{Mode}, {Threading}";
}

/// <summary>Results of one open-loop point.</summary>
internal sealed record OpenLoopResult(double Load, double OfferedPerSecond, int Offered, int Completed, int Rejected, int TimedOut,
    int Failed, double AdmittedPerSecond, double P50, double P99, double SlowestRejectionMs);

/// <summary>The load generators: closed-loop clients and open-loop Poisson arrivals, one text per request.</summary>
internal static class Scenarios
{
    /// <summary>Pause of a closed-loop client after a rejection (RESOURCE_EXHAUSTED) before it retries.</summary>
    private static readonly TimeSpan RetryBackoff = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// <paramref name="concurrency"/> clients, each sending its next text as soon as the last returns.
    /// A rejected request is retried after <see cref="RetryBackoff"/>; its latency counts from the first attempt.
    /// </summary>
    public static async Task<ClosedLoopResult> ClosedLoopAsync(string mode, Threading threading, DynamicBatcher batcher,
        MeasuringInference meter, int concurrency, BenchSettings settings)
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
        var cpu = CpuClock.Start();
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, measureUntil - clock.Elapsed.TotalSeconds)));
        var time = cpu.Stop();
        var work = meter.Snapshot() - before;
        await Task.WhenAll(clients);
        return new ClosedLoopResult(mode, threading, concurrency, latencies.Count / time.WallSeconds,
            latencies.Percentile(50), latencies.Percentile(99), requests == 0 ? 0 : (double)rejectedRequests / requests,
            work, time);
    }

    /// <summary>Requests arriving as a Poisson process at <paramref name="ratePerSecond"/>, whatever the answers.</summary>
    public static async Task<OpenLoopResult> OpenLoopAsync(DynamicBatcher batcher, double load, double ratePerSecond, BenchSettings settings)
    {
        var random = new Random(7);
        var latencies = new Latencies();
        var rejectionTimes = new Latencies();
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
                var elapsedMs = (clock.Elapsed.TotalSeconds - started) * 1000;
                switch (t.Exception?.InnerException)
                {
                    case null:
                        Interlocked.Increment(ref completed);
                        latencies.Add(elapsedMs);
                        break;
                    case QueueFullException:
                        Interlocked.Increment(ref rejected);
                        rejectionTimes.Add(elapsedMs);
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
        return new OpenLoopResult(load, ratePerSecond, offered, completed, rejected, timedOut, failed,
            completed / settings.OverloadSeconds, latencies.Percentile(50), latencies.Percentile(99),
            rejectionTimes.Count == 0 ? 0 : rejectionTimes.Percentile(100));
    }

    /// <summary>
    /// Runs batches of several sizes until the JIT has optimised the hot loops (tiered compilation
    /// starts them unoptimised), so no measurement sees cold code.
    /// </summary>
    public static void WarmUp(IBatchInference inference, TimeSpan duration)
    {
        var random = new Random(1);
        var clock = Stopwatch.StartNew();
        for (var round = 0; clock.Elapsed < duration || round < 3; round++)
        {
            foreach (var size in new[] { 1, 4, 16 })
            {
                inference.Run([.. Enumerable.Range(0, size).Select(_ => LengthMix.NextSequence(random))]);
            }
        }
    }

    /// <summary>
    /// The single-request overhead: the same text run bare (<paramref name="bare"/> on this thread)
    /// and through an idle batcher, one after the other in alternating order, so both see the same
    /// machine load and neither always runs second.
    /// </summary>
    public static async Task<(Latencies Bare, Latencies Batched)> PairedSingleRunsAsync(
        Action<int[]> bare, DynamicBatcher batcher, TimeSpan duration)
    {
        var random = new Random(1000);
        var bareTimes = new Latencies();
        var batched = new Latencies();
        var clock = Stopwatch.StartNew();
        for (var pair = 0; clock.Elapsed < duration; pair++)
        {
            var sequence = LengthMix.NextSequence(random);
            if (pair % 2 == 0)
            {
                bareTimes.Add(Time(() => bare(sequence)));
                batched.Add(await TimeAsync(() => batcher.SubmitAsync([sequence], DateTime.MaxValue)).ConfigureAwait(false));
            }
            else
            {
                batched.Add(await TimeAsync(() => batcher.SubmitAsync([sequence], DateTime.MaxValue)).ConfigureAwait(false));
                bareTimes.Add(Time(() => bare(sequence)));
            }
        }

        return (bareTimes, batched);
    }

    private static double Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
