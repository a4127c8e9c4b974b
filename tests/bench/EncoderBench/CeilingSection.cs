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
            foreach (var batchSize in settings.EfficiencyBatchSizes)
            {
                model.Add(ModelEfficiency.Measure(models[layout], shape, layout, batchSize, settings.EfficiencyLength, duration));
            }
        }

        Console.WriteLine($"## The model alone, no batcher: batches of equal texts of {settings.EfficiencyLength} tokens, back to back on every worker");
        Console.WriteLine();
        Console.WriteLine("| layout | batch | texts/s (wall) | cores received | texts per CPU-s | ms per run | GFLOP per CPU-s | % of MatMul peak |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var point in model)
        {
            Console.WriteLine($"| {point.Threading} | {point.BatchSize} | {point.TextsPerSecond:F1} | {point.Time.Cores:F2} | {point.TextsPerCoreSecond:F1} | " +
                $"{point.MillisecondsPerRun:F2} | {point.CoreRate:F1} | {point.CoreRate / peak.CoreRate:P0} |");
        }

        Console.WriteLine();
        foreach (var layout in layouts)
        {
            var points = model.Where(p => p.Threading == layout).ToList();
            var single = points.FirstOrDefault(p => p.BatchSize == 1);
            var best = points.MaxBy(p => p.CoreRate);
            if (single is not null && best is not null)
            {
                Console.WriteLine($"- {layout}: batch {best.BatchSize} does {best.CoreRate / single.CoreRate:F2}x the work per CPU-second of one text at a time " +
                    $"({single.CoreRate / peak.CoreRate:P0} -> {best.CoreRate / peak.CoreRate:P0} of the MatMul peak); that ratio bounds what batching can gain");
            }
        }

        Console.WriteLine();
        return new Ceiling(peak.CoreRate, peak, matMul, model);
    }
}
