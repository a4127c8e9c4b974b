using System.Diagnostics;

namespace Recommender.Bench.GatewayBench;

/// <summary>
/// The soak: Recommend through the gateway at a steady open-loop rate for a long time, with throughput, p50/p99
/// and failures per minute, and each cluster process's resident memory and CPU at the start and the end.
/// </summary>
public sealed class Soak(BenchOptions options, BenchCalls calls, IReadOnlyList<(string Name, int Pid)> processes, TextWriter progress)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public async Task<SoakResult> RunAsync(double rate)
    {
        // JIT, connections and caches first, so the first minute is the cluster at work rather than starting up.
        await ClosedLoop.WarmUpAsync(2, TimeSpan.FromSeconds(Math.Max(10, options.Warmup.TotalSeconds)), calls.RecommendGrpc);
        var windows = (int)Math.Ceiling(options.SoakDuration / Window);
        var recorders = Enumerable.Range(0, windows).Select(_ => new LatencyRecorder()).ToArray();
        var samples = new List<IReadOnlyList<ProcessSample>> { SampleAll() };
        progress.WriteLine(FormattableString.Invariant($"soak: Recommend at {rate:F1}/s for {options.SoakDuration.TotalSeconds} s, reported per minute"));
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            for (var w = 1; w < windows; w++)
            {
                try
                {
                    await Task.Delay(Window, sampling.Token);
                }
                catch (TaskCanceledException)
                {
                    return;
                }
                lock (samples)
                {
                    samples.Add(SampleAll());
                }
                var last = recorders[w - 1].Summarize();
                progress.WriteLine(FormattableString.Invariant($"soak: minute {w}: {last.Calls} calls, p50 {last.P50Ms:F1} ms, p99 {last.P99Ms:F1} ms, {last.FailureCount} failed"));
            }
        });
        var started = Stopwatch.GetTimestamp();
        await OpenLoop.RunAsync(rate, options.SoakDuration, calls.RecommendGrpc, seconds => recorders[Math.Min(windows - 1, (int)(seconds / Window.TotalSeconds))]);
        var elapsed = Stopwatch.GetElapsedTime(started);
        sampling.Cancel();
        await sampler;
        var end = SampleAll();
        for (var w = 0; w < windows; w++)
        {
            var length = Math.Min(Window.TotalSeconds, options.SoakDuration.TotalSeconds - w * Window.TotalSeconds);
            recorders[w].AddMeasuredTime((long)(length * Stopwatch.Frequency));
        }
        lock (samples)
        {
            return new SoakResult(rate, elapsed, recorders.Select(r => r.Summarize()).ToList(), samples[0], samples.Count > 1 ? samples[1] : end, samples[^1], end);
        }
    }

    private IReadOnlyList<ProcessSample> SampleAll() => processes.Select(p => ClusterProcesses.Sample(p.Name, p.Pid)).ToList();
}

/// <summary>
/// Per-minute results and process samples: at the start, one minute in, at the start of the last minute, and at the end
/// (CPU over the first and the last minute comes from those pairs).
/// </summary>
public sealed record SoakResult(
    double Rate,
    TimeSpan Elapsed,
    IReadOnlyList<LatencySummary> Minutes,
    IReadOnlyList<ProcessSample> Start,
    IReadOnlyList<ProcessSample> AfterFirstMinute,
    IReadOnlyList<ProcessSample> LastMinuteStart,
    IReadOnlyList<ProcessSample> End);
