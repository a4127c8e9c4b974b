using Recommender.Encoder.Batching;
using Recommender.Encoder.Models;

namespace Recommender.Encoder.Bench;

/// <summary>The batcher's overhead on a lone request: one text through an idle batcher against a bare session.Run.</summary>
internal static class SingleTextSection
{
    public sealed record Result(Threading Threading, Latencies Bare, Latencies Batched)
    {
        public double Ratio => Batched.Percentile(50) / Bare.Percentile(50);
    }

    public static async Task<IReadOnlyList<Result>> RunAsync(IReadOnlyDictionary<Threading, IBatchInference> models, BenchSettings settings)
    {
        Console.WriteLine("## One text at a time: bare session.Run vs through the batcher (alternating, same texts)");
        Console.WriteLine();
        Console.WriteLine("| layout | pairs | bare p50 ms | batcher p50 ms | ratio | bare p99 ms | batcher p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var results = new List<Result>();
        foreach (var layout in settings.OnLayouts)
        {
            var model = models[layout];
            using var bare = model is EncoderModel onnx
                ? new BareSession(onnx.Directory, InferenceFactory.RuntimeOptions(settings.ModelsRoot, settings.Model, layout), onnx.Info.Dimension)
                : null;
            Action<int[]> runBare = bare is null ? ids => model.Run([ids]) : bare.Run;
            var options = settings.Batcher.Clone();
            options.WorkerCount = layout.Workers;
            await using var batcher = new DynamicBatcher("bench-single", model, options);
            await Scenarios.PairedSingleRunsAsync(runBare, batcher, TimeSpan.FromSeconds(settings.WarmupSeconds));
            var (bareTimes, batched) = await Scenarios.PairedSingleRunsAsync(runBare, batcher, TimeSpan.FromSeconds(settings.MeasureSeconds));
            var result = new Result(layout, bareTimes, batched);
            results.Add(result);
            Console.WriteLine($"| {layout} | {bareTimes.Count} | {bareTimes.Percentile(50):F2} | {batched.Percentile(50):F2} | {result.Ratio:F3} | " +
                $"{bareTimes.Percentile(99):F2} | {batched.Percentile(99):F2} |");
        }

        Console.WriteLine();
        return results;
    }
}
