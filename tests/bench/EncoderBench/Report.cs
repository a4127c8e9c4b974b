namespace Recommender.Encoder.Bench;

/// <summary>The sections' results and the goals of the encoder issue, checked against them.</summary>
internal sealed class Report(BenchSettings settings)
{
    public Ceiling? Ceiling { get; set; }

    public IReadOnlyList<SingleTextSection.Result> SingleText { get; set; } = [];

    public IReadOnlyList<ClosedLoopResult> ClosedLoop { get; set; } = [];

    public IReadOnlyList<OverloadSection.Round> Overload { get; set; } = [];

    /// <summary>The "on" layout with the most texts/s at the highest concurrency measured (the first one before any closed loop).</summary>
    public Threading BestOnLayout =>
        ClosedLoop.Where(r => r.Mode == "on" && r.Concurrency == ClosedLoop.Max(x => x.Concurrency)).MaxBy(r => r.TextsPerSecond)?.Threading
        ?? settings.OnLayouts[0];

    public void PrintGoals()
    {
        Console.WriteLine("## Goals");
        Console.WriteLine();
        Ratio(32, "throughput", r => r.TextsPerSecond, r => r.TextsPerCoreSecond, "texts/s", ">= 3x");
        Ratio(8, "p99", r => r.P99, null, "ms", "<= 2x");
        var on = ClosedLoop.Where(r => r.Mode == "on").ToList();
        if (on.Count > 0)
        {
            Console.WriteLine($"- padding with batching on: at most {on.Max(r => r.Work.PaddingRatio):P1} of computed tokens (goal < 15%)");
        }

        if (Ceiling is not null && ClosedLoop.Count > 0)
        {
            var best = ClosedLoop.MaxBy(r => r.CoreRate)!;
            Console.WriteLine($"- best: {best.CoreRate:F1} GFLOP per CPU-second ({best.Name}, {best.Concurrency} clients) = " +
                $"{best.CoreRate / Ceiling.PeakCoreRate:P0} of the MatMul peak {Ceiling.PeakCoreRate:F1} (goal >= 50%)");
        }

        foreach (var single in SingleText)
        {
            Console.WriteLine($"- one text, {single.Threading}: p50 through the batcher / bare session.Run = {single.Ratio:F3}x (goal <= 1.2x)");
        }

        foreach (var (round, i) in Overload.Select((r, i) => (r, i + 1)))
        {
            Console.WriteLine($"- overload round {i}: p99 at 200% / at 80% = {round.P99Ratio:F2}x (goal <= 2x); rejected at 80%: " +
                $"{(double)round.AtEighty.Rejected / Math.Max(1, round.AtEighty.Offered):P1}, at 200%: {(double)round.AtDouble.Rejected / Math.Max(1, round.AtDouble.Offered):P1} " +
                $"(slowest rejection {round.AtDouble.SlowestRejectionMs:F2} ms); timed out: {round.AtEighty.TimedOut + round.AtDouble.TimedOut}");
        }

        Console.WriteLine();
    }

    /// <summary>Best "on" against the best "off" (the baseline) at one concurrency, by wall and per CPU-second.</summary>
    private void Ratio(int concurrency, string what, Func<ClosedLoopResult, double> wall, Func<ClosedLoopResult, double>? perCore, string unit, string goal)
    {
        var off = ClosedLoop.Where(r => r.Mode == "off" && r.Concurrency == concurrency).MaxBy(r => r.TextsPerSecond);
        var on = ClosedLoop.Where(r => r.Mode == "on" && r.Concurrency == concurrency).MaxBy(r => r.TextsPerSecond);
        if (off is null || on is null)
        {
            return;
        }

        var line = $"- concurrency {concurrency} {what} on/off: {wall(on) / wall(off):F2}x ({wall(on):F1} vs {wall(off):F1} {unit}; on {on.Threading}, baseline off {off.Threading})";
        if (perCore is not null)
        {
            line += $", per CPU-second {perCore(on) / perCore(off):F2}x";
        }

        Console.WriteLine(line + $" (goal {goal})");
    }
}
