using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>What the machine and the model can do at best: ONNX Runtime's MatMul peak and the model's efficiency by batch size.</summary>
/// <param name="PeakCoreRate">The MatMul peak in GFLOP per CPU-second (one busy core).</param>
internal sealed record Ceiling(double PeakCoreRate, MatMulPoint PeakPoint, IReadOnlyList<MatMulPoint> MatMul, IReadOnlyList<EfficiencyPoint> Model);

/// <summary>Measures and prints <see cref="Ceiling"/>.</summary>
internal static class CeilingSection
{
    /// <summary>Rows of the MatMul (tokens in a batch) swept for the efficiency curve.</summary>
    private static readonly int[] Rows = [16, 32, 64, 128, 256, 512];

    /// <summary>The transformer's projection shapes (k x n): FFN in, FFN out, attention projections.</summary>
    private static readonly (int K, int N)[] Shapes = [(384, 1536), (1536, 384), (384, 384)];

    public static Ceiling Run(IReadOnlyDictionary<Threading, IBatchInference> models, TransformerShape shape, BenchSettings settings)
    {
        var duration = TimeSpan.FromSeconds(settings.CeilingSeconds);
        var layouts = settings.AllLayouts;
        var matMul = new List<MatMulPoint>();
        foreach (var layout in layouts)
        {
            foreach (var (k, n) in Shapes)
            {
                foreach (var rows in Rows)
                {
                    matMul.Add(MatMulPeak.Measure(rows, k, n, layout, duration));
                }
            }
        }

        var peak = matMul.MaxBy(p => p.CoreRate)!;
        Console.WriteLine($"## ONNX Runtime MatMul on this machine ({settings.CeilingSeconds:F1} s per point)");
        Console.WriteLine();
        Console.WriteLine("A MatMul-only ONNX graph, [rows x k] x [k x n], with the encoder's session settings; GFLOP per CPU-second " +
            "(what one core does while it runs this process; the machine is shared, so wall GFLOP/s follows below).");
        Console.WriteLine();
        Console.WriteLine("| layout | k x n | " + string.Join(" | ", Rows.Select(r => $"{r} rows")) + " |");
        Console.WriteLine("|---|---|" + string.Concat(Rows.Select(_ => "---:|")));
        foreach (var group in matMul.GroupBy(p => (p.Threading, p.K, p.N)))
        {
            Console.WriteLine($"| {group.Key.Threading} | {group.Key.K} x {group.Key.N} | " +
                string.Join(" | ", Rows.Select(r => group.FirstOrDefault(p => p.Rows == r) is { } p ? $"{p.CoreRate:F1}" : "")) + " |");
        }

        Console.WriteLine();
        Console.WriteLine($"MatMul peak: {peak.CoreRate:F1} GFLOP per CPU-second ({peak.Rows} x {peak.K} x {peak.N}, {peak.Threading}), " +
            $"{peak.CoreRate * Environment.ProcessorCount:F1} GFLOP/s for {Environment.ProcessorCount} idle cores; " +
            $"measured wall {peak.WallRate:F1} GFLOP/s with {peak.Time.Cores:F2} cores received");
        Console.WriteLine();

        var model = new List<EfficiencyPoint>();
        foreach (var layout in layouts)
        {
            foreach (var length in settings.EfficiencyLengths)
            {
                foreach (var batchSize in settings.EfficiencyBatchSizes)
                {
                    model.Add(ModelEfficiency.Measure(models[layout], shape, layout, batchSize, length, duration));
                }
            }
        }

        Console.WriteLine("## The model alone, no batcher: batches of equal-length texts (no padding), back to back on every worker");
        Console.WriteLine();
        Console.WriteLine("GFLOP per CPU-second as % of the MatMul peak, by batch size; the last column is the best batch's gain over one text at a time " +
            "(the most any batcher can gain for texts of that length).");
        Console.WriteLine();
        Console.WriteLine("| layout | tokens | " + string.Join(" | ", settings.EfficiencyBatchSizes.Select(b => $"batch {b}")) + " | best / batch 1 |");
        Console.WriteLine("|---|---:|" + string.Concat(settings.EfficiencyBatchSizes.Select(_ => "---:|")) + "---:|");
        foreach (var group in model.GroupBy(p => (p.Threading, p.Length)))
        {
            var single = group.FirstOrDefault(p => p.BatchSize == 1);
            var best = group.MaxBy(p => p.CoreRate)!;
            Console.WriteLine($"| {group.Key.Threading} | {group.Key.Length} | " +
                string.Join(" | ", group.Select(p => $"{p.CoreRate / peak.CoreRate:P0}")) +
                $" | {(single is null ? "" : $"{best.CoreRate / single.CoreRate:F2}x (batch {best.BatchSize})")} |");
        }

        Console.WriteLine();
        Console.WriteLine("Per point: wall texts/s, cores received, texts per CPU-second, ms per run:");
        Console.WriteLine();
        Console.WriteLine("| layout | tokens | batch | texts/s (wall) | cores received | texts per CPU-s | ms per run | GFLOP per CPU-s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var point in model)
        {
            Console.WriteLine($"| {point.Threading} | {point.Length} | {point.BatchSize} | {point.TextsPerSecond:F1} | {point.Time.Cores:F2} | " +
                $"{point.TextsPerCoreSecond:F1} | {point.MillisecondsPerRun:F2} | {point.CoreRate:F1} |");
        }

        Console.WriteLine();
        return new Ceiling(peak.CoreRate, peak, matMul, model);
    }
}
