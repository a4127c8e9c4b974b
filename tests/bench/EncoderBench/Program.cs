using System.Globalization;
using Recommender.Encoder.Batching;
using Recommender.Encoder.Models;

namespace Recommender.Encoder.Bench;

/// <summary>
/// Benchmarks the encoder's dynamic batcher on the real ONNX model (all-minilm-l6-v2 by default):
/// the machine's ONNX Runtime MatMul peak and the model's efficiency by batch size, one text through
/// the batcher against a bare session.Run, closed-loop clients with batching off and on, and
/// open-loop overload. Prints markdown tables and how each goal of the encoder issue fares.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Contains("--help"))
        {
            Console.WriteLine(BenchSettings.Usage);
            return 0;
        }

        BenchSettings settings;
        try
        {
            settings = BenchSettings.Parse(args);
        }
        catch (Exception error) when (error is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(error.Message);
            return 2;
        }

        var shape = TransformerShape.MiniLmL6;
        Dictionary<Threading, IBatchInference> models;
        try
        {
            models = settings.AllLayouts.ToDictionary(layout => layout, layout => settings.Modelled
                ? InferenceFactory.Modelled(settings, shape)
                : (IBatchInference)InferenceFactory.LoadOnnx(settings.ModelsRoot, settings.Model, layout));
        }
        catch (ModelLoadException error)
        {
            Console.Error.WriteLine($"cannot load {settings.Model} from {settings.ModelsRoot}: {error.Message} (run `make models`)");
            return 2;
        }

        PrintHeader(settings, args);
        foreach (var model in models.Values)
        {
            Scenarios.WarmUp(model, TimeSpan.FromSeconds(Math.Max(1, settings.WarmupSeconds)));
        }

        var report = new Report(settings);
        if (!settings.Modelled && !settings.SkipCeiling)
        {
            report.Ceiling = CeilingSection.Run(models, shape, settings);
        }

        if (!settings.SkipClosedLoop)
        {
            report.SingleText = await SingleTextSection.RunAsync(models, settings);
            report.ClosedLoop = await ClosedLoopSection.RunAsync(models, shape, settings, report.Ceiling);
        }

        if (!settings.SkipOverload)
        {
            report.Overload = await OverloadSection.RunAsync(models, shape, settings, report.BestOnLayout);
        }

        report.PrintGoals();
        Console.WriteLine($"load average {MachineInfo.LoadAverage()} at the end");
        foreach (var model in models.Values.OfType<IDisposable>())
        {
            model.Dispose();
        }

        return 0;
    }

    private static void PrintHeader(BenchSettings settings, string[] args)
    {
        var options = settings.Batcher;
        Console.WriteLine($"# EncoderBench: {(settings.Modelled ? "MODELLED COST (sleeps, no compute)" : settings.Model)}, batching off vs on");
        Console.WriteLine();
        Console.WriteLine($"- machine: {MachineInfo.Describe(!settings.Modelled)}; load average {MachineInfo.LoadAverage()} at start");
        Console.WriteLine($"- command: `dotnet run -c Release --project tests/bench/EncoderBench --{(args.Length == 0 ? "" : " " + string.Join(' ', args))}`");
        Console.WriteLine($"- models: {settings.ModelsRoot}");
        Console.WriteLine($"- threading layouts: off {string.Join("; ", settings.OffLayouts)}; on {string.Join("; ", settings.OnLayouts)}");
        Console.WriteLine($"- batcher (on): max batch {options.MaxBatchSize}, budget {options.MaxBatchTokens} tokens, max delay " +
            $"{options.MaxQueueDelay.TotalMilliseconds} ms, max padding {options.MaxPaddingRatio}; overload runs: queue bound " +
            $"{options.MaxQueuedItems} texts / {options.MaxQueuedTokens} tokens (closed-loop runs lift the queue bounds: at most one text per client is queued)");
        Console.WriteLine($"- texts: one per request, {LengthMix.Description}");
        if (settings.Modelled)
        {
            Console.WriteLine($"- modelled cost: plateau {settings.ModelGflops} GFLOP/s per worker, half efficiency at {settings.ModelHalfEfficiencyRows} rows, " +
                $"{settings.ModelOverheadMs} ms per run; no MatMul peak");
        }

        Console.WriteLine();
    }
}
