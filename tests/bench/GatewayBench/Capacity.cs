namespace Recommender.Bench.GatewayBench;

/// <summary>
/// The capacity of Recommend through the gateway: the highest open-loop rate whose p99 stays under the goal with
/// no failed call. After a closed-loop warm-up (JIT, connections, caches), rates grow by a quarter per step from a
/// start rate until a step misses, then two halving steps between the last rate that held and the first that did not.
/// </summary>
public sealed class Capacity(BenchOptions options, BenchCalls calls, TextWriter progress)
{
    public const double StartRate = 5;

    public const double Growth = 1.25;

    public const int RefineSteps = 2;

    public async Task<CapacityResult> MeasureAsync()
    {
        var warmup = TimeSpan.FromSeconds(Math.Max(10, options.Warmup.TotalSeconds));
        progress.WriteLine($"capacity: {warmup.TotalSeconds} s warm-up, closed loop at concurrency 2");
        await ClosedLoop.WarmUpAsync(2, warmup, calls.RecommendGrpc);
        var steps = new List<(double Rate, LatencySummary Result)>();
        double held = 0, missed = 0;
        for (var rate = StartRate; rate < 100_000; rate *= Growth)
        {
            var result = await StepAsync(rate);
            steps.Add((rate, result));
            if (!Holds(result))
            {
                missed = rate;
                break;
            }
            held = rate;
        }
        for (var i = 0; i < RefineSteps && held > 0 && missed > 0; i++)
        {
            var rate = (held + missed) / 2;
            var result = await StepAsync(rate);
            steps.Add((rate, result));
            if (Holds(result))
            {
                held = rate;
            }
            else
            {
                missed = rate;
            }
        }
        return new CapacityResult(held, options.CapacityP99Ms, steps);
    }

    private bool Holds(LatencySummary result) => result.FailureCount == 0 && result.P99Ms < options.CapacityP99Ms;

    private async Task<LatencySummary> StepAsync(double rate)
    {
        var recorder = new LatencyRecorder();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await OpenLoop.RunAsync(rate, options.CapacityStep, calls.RecommendGrpc, _ => recorder);
        recorder.AddMeasuredTime(System.Diagnostics.Stopwatch.GetTimestamp() - started);
        var result = recorder.Summarize();
        progress.WriteLine(FormattableString.Invariant($"capacity: {rate:F1}/s for {options.CapacityStep.TotalSeconds} s: p99 {result.P99Ms:F1} ms, {result.FailureCount} failed -> {(Holds(result) ? "holds" : "misses")}"));
        return result;
    }
}

/// <summary>The highest rate that held (0 when even the start rate missed) and every step measured.</summary>
public sealed record CapacityResult(double Rate, double P99GoalMs, IReadOnlyList<(double Rate, LatencySummary Result)> Steps);
