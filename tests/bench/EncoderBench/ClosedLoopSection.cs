using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>
/// Closed-loop clients at each concurrency, batching off and on for every threading layout. The
/// modes alternate at each concurrency (off, on, off, on), so a change in machine load hits all alike.
/// </summary>
internal static class ClosedLoopSection
{
    public static async Task<IReadOnlyList<ClosedLoopResult>> RunAsync(IReadOnlyDictionary<Threading, IBatchInference> models,
        TransformerShape shape, BenchSettings settings, Ceiling? ceiling)
    {
        var modes = Interleave(settings.OffLayouts.Select(l => (Enabled: false, Layout: l)), settings.OnLayouts.Select(l => (Enabled: true, Layout: l)))
            .Select(mode =>
            {
                var meter = new MeasuringInference(models[mode.Layout], shape);
                var options = ClosedLoopOptions(settings.Batcher, mode.Layout, mode.Enabled);
                return (Name: mode.Enabled ? "on" : "off", mode.Layout, Meter: meter, Batcher: new DynamicBatcher($"bench-{mode.Enabled}-{mode.Layout.Workers}x{mode.Layout.IntraOp}", meter, options));
            }).ToArray();
        var results = new List<ClosedLoopResult>();
        try
        {
            foreach (var concurrency in settings.Concurrency)
            {
                foreach (var mode in modes)
                {
                    var result = await Scenarios.ClosedLoopAsync(mode.Name, mode.Layout, mode.Batcher, mode.Meter, concurrency, settings);
                    results.Add(result);
                    Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] batching {result.Name}, {concurrency} clients: {result.TextsPerSecond:F1} texts/s, " +
                        $"{result.Time.Cores:F2} cores, load {MachineInfo.LoadAverage()}");
                }
            }
        }
        finally
        {
            foreach (var mode in modes)
            {
                await mode.Batcher.DisposeAsync();
            }
        }

        Print(results, settings, ceiling);
        return results;
    }

    /// <summary>
    /// The batcher options of a closed-loop mode: queue bounds lifted (a closed loop never queues more
    /// than one text per client, and rejections would only make the clients spin on retries).
    /// </summary>
    public static BatcherOptions ClosedLoopOptions(BatcherOptions configured, Threading layout, bool enabled)
    {
        var options = configured.Clone();
        options.Enabled = enabled;
        options.WorkerCount = layout.Workers;
        options.MaxQueuedItems = 1 << 20;
        options.MaxQueuedTokens = 1 << 30;
        return options;
    }

    private static void Print(List<ClosedLoopResult> results, BenchSettings settings, Ceiling? ceiling)
    {
        Console.WriteLine($"## Closed loop: batching off vs on ({settings.MeasureSeconds:F0} s per point after {settings.WarmupSeconds:F0} s warm-up)");
        Console.WriteLine();
        Console.WriteLine("Texts/s and latency are wall clock on a shared machine; \"cores\" is the CPU this process received, and the per-CPU-second " +
            "columns divide by it (clients, batcher and inference together), which is what an idle core would do.");
        Console.WriteLine();
        Console.WriteLine("| batching | layout | clients | texts/s | p50 ms | p99 ms | mean batch | padding | cores | texts per CPU-s | GFLOP per CPU-s | % of MatMul peak |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results.OrderBy(r => r.Concurrency).ThenBy(r => r.Mode).ThenBy(r => r.Threading.Workers))
        {
            var peak = ceiling is null ? "" : $"{result.CoreRate / ceiling.PeakCoreRate:P0}";
            Console.WriteLine($"| {result.Mode} | {result.Threading} | {result.Concurrency} | {result.TextsPerSecond:F1} | {result.P50:F1} | {result.P99:F1} | " +
                $"{result.Work.MeanBatchSize:F1} | {result.Work.PaddingRatio:P1} | {result.Time.Cores:F2} | {result.TextsPerCoreSecond:F1} | " +
                $"{result.CoreRate:F1} | {peak} |");
        }

        Console.WriteLine();
    }

    private static IEnumerable<T> Interleave<T>(IEnumerable<T> first, IEnumerable<T> second)
    {
        using var a = first.GetEnumerator();
        using var b = second.GetEnumerator();
        bool hasA, hasB;
        do
        {
            if (hasA = a.MoveNext())
            {
                yield return a.Current;
            }

            if (hasB = b.MoveNext())
            {
                yield return b.Current;
            }
        }
        while (hasA || hasB);
    }
}
