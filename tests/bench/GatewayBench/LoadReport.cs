using System.Globalization;
using System.Text;

namespace Recommender.Bench.GatewayBench;

/// <summary>The capacity search and the soak as markdown, with the issue's goals checked.</summary>
public static class LoadReport
{
    /// <summary>Goal: p99 in the last minute at most this times the first minute's.</summary>
    public const double P99DriftGoal = 1.2;

    /// <summary>Goal: each process's resident memory grows by less than this over the soak.</summary>
    public const double MemoryGrowthGoal = 0.10;

    public static string Render(BenchOptions options, CapacityResult? capacity, SoakResult? soak)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        if (capacity is not null)
        {
            Line($"");
            Line($"### Capacity: Recommend through the gateway (gRPC, k={options.K}), open loop");
            Line($"");
            Line($"Calls start on a fixed schedule; latency runs from the scheduled start. After a closed-loop warm-up, rates from {Capacity.StartRate}/s up by {(Capacity.Growth - 1) * 100:0}% per {options.CapacityStep.TotalSeconds:0} s step until one misses (p99 ≥ {capacity.P99GoalMs:0} ms or any failure), then {Capacity.RefineSteps} halving steps.");
            Line($"");
            Line($"| rate /s | calls/s | p50 ms | p99 ms | failed | p99 < {capacity.P99GoalMs:0} ms |");
            Line($"|---:|---:|---:|---:|---|:---:|");
            foreach (var (rate, r) in capacity.Steps)
            {
                Line($"| {rate:F1} | {r.CallsPerSecond:F1} | {r.P50Ms:F1} | {r.P99Ms:F1} | {r.FailuresText} | {(r.FailureCount == 0 && r.P99Ms < capacity.P99GoalMs ? "yes" : "no")} |");
            }
            Line($"");
            Line(capacity.Rate > 0
                ? (FormattableString)$"**Capacity: {capacity.Rate:F1} Recommend calls/s** with p99 under {capacity.P99GoalMs:0} ms."
                : $"**Capacity: below {Capacity.StartRate}/s**: even the start rate missed p99 under {capacity.P99GoalMs:0} ms, so there is no 70% to soak at (give --soak-rate).");
        }
        if (soak is not null)
        {
            RenderSoak(text, soak);
        }
        return text.ToString();
    }

    private static void RenderSoak(StringBuilder text, SoakResult soak)
    {
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"");
        Line($"### Soak: Recommend at {soak.Rate:F1} calls/s for {soak.Elapsed.TotalMinutes:F1} min, open loop");
        Line($"");
        Line($"| minute | calls/s | p50 ms | p99 ms | max ms | failed |");
        Line($"|---:|---:|---:|---:|---:|---|");
        for (var i = 0; i < soak.Minutes.Count; i++)
        {
            var m = soak.Minutes[i];
            Line($"| {i + 1} | {m.CallsPerSecond:F1} | {m.P50Ms:F1} | {m.P99Ms:F1} | {m.MaxMs:F0} | {m.FailuresText} |");
        }
        var failures = soak.Minutes.Sum(m => m.FailureCount);
        var first = soak.Minutes[0].P99Ms;
        var last = soak.Minutes[^1].P99Ms;
        if (soak.Start.Count > 0)
        {
            Line($"");
            Line($"| process | RSS start MiB | RSS end MiB | growth | CPU first minute (% of a core) | CPU last minute |");
            Line($"|---|---:|---:|---:|---:|---:|");
            foreach (var start in soak.Start)
            {
                var end = soak.End.Single(s => s.Pid == start.Pid);
                var afterFirst = soak.AfterFirstMinute.Single(s => s.Pid == start.Pid);
                var lastStart = soak.LastMinuteStart.Single(s => s.Pid == start.Pid);
                Line($"| {start.Name} | {start.ResidentMiB:F0} | {end.ResidentMiB:F0} | {(end.ResidentMiB / start.ResidentMiB - 1) * 100:+0.0;-0.0}% | {afterFirst.CpuPercentSince(start):F0} | {end.CpuPercentSince(lastStart):F0} |");
            }
        }
        var growth = soak.Start.Count == 0 ? 0 : soak.Start.Max(s => (double)soak.End.Single(e => e.Pid == s.Pid).ResidentBytes / s.ResidentBytes - 1);
        Line($"");
        var memory = soak.Start.Count == 0
            ? "memory: not measured (a running cluster's processes are not the bench's own)."
            : string.Create(CultureInfo.InvariantCulture, $"memory growth under {MemoryGrowthGoal * 100:0}% for every process (largest {growth * 100:+0.0;-0.0}%): **{(growth < MemoryGrowthGoal ? "met" : "missed")}**.");
        Line($"Goals: no failures: **{(failures == 0 ? "met" : $"missed ({failures})")}**; p99 in the last minute within {P99DriftGoal}x of the first ({last:F1} / {first:F1} ms = {last / first:F2}x): **{(last <= P99DriftGoal * first ? "met" : "missed")}**; {memory}");
    }
}
