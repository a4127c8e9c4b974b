using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Recommender.Encoder.Models;
using Recommender.Encoder.Runtime;

// Usage: dotnet run -c Release --project tests/bench/EncoderLatency -- [--models DIR] [--iterations N]
//        [--intra-op-threads N] [--save-optimized DIR]
var settings = Settings.Parse(args);
var options = new EncoderRuntimeOptions
{
    ModelsRoot = settings.ModelsRoot,
    Provider = ExecutionProviderKind.Cpu,
    IntraOpThreads = settings.IntraOpThreads,
};
using var registry = new ModelRegistry(options, NullLogger<ModelRegistry>.Instance);
registry.LoadAll();
foreach (var error in registry.Errors)
{
    Console.Error.WriteLine($"not loaded: {error}");
}

const string text = "Wireless noise cancelling headphones with long battery life";
const string description =
    "Over-ear wireless headphones with active noise cancellation, 40 mm drivers and a battery that lasts " +
    "up to 30 hours. Bluetooth 5.3 with multipoint pairing, USB-C fast charging (10 min = 5 h), a foldable " +
    "design, memory-foam ear cushions and a detachable 3.5 mm cable. Café-tested: naïve users love it! " +
    "Includes a hard-shell travel case, an airplane adapter and a 2-year warranty.";
Console.WriteLine($"ONNX Runtime {OrtEnv.Instance().GetVersionString()}, {Environment.ProcessorCount} cores, " +
    $"intra-op threads {(settings.IntraOpThreads == 0 ? "auto" : settings.IntraOpThreads)}, {settings.Iterations} iterations, text \"{text}\"");
Console.WriteLine($"{"model",-18} {"tokens",6} {"path",-28} {"p50 ms",8} {"p99 ms",8} {"mean ms",8}");
foreach (var model in registry.Models)
{
    var ids = model.Tokenizer.Tokenize(text).Ids;
    var encoder = Measure(settings.Iterations, () => model.Run([model.Tokenizer.Tokenize(text).Ids]));
    using var bare = new BareSession(model, settings.IntraOpThreads, settings.SaveOptimizedTo);
    var baseline = Measure(settings.Iterations, () => bare.Run(ids));
    Print(model.Name, ids.Length, "tokenize + EncoderModel.Run", encoder);
    Print(model.Name, ids.Length, "bare InferenceSession.Run", baseline);
}

Console.WriteLine();
Console.WriteLine($"{"tokenizer of",-18} {"text chars",10} {"tokens",6} {"us/text",8} {"bytes allocated/text",21}");
foreach (var model in registry.Models)
{
    foreach (var sample in new[] { text, description })
    {
        var tokenizer = model.Tokenizer;
        var count = tokenizer.Tokenize(sample).Count;
        var warmUp = Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 1_000)
        {
            tokenizer.Tokenize(sample); // long enough for tiered compilation to reach optimized code
        }
        const int rounds = 20_000;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < rounds; i++)
        {
            tokenizer.Tokenize(sample);
        }
        var micros = Stopwatch.GetElapsedTime(started).TotalMicroseconds / rounds;
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)rounds;
        Console.WriteLine($"{model.Name,-18} {sample.Length,10} {count,6} {micros,8:F2} {bytes,21:F0}");
    }
}
return 0;

static double[] Measure(int iterations, Action action)
{
    for (var i = 0; i < Math.Max(10, iterations / 10); i++)
    {
        action();
    }
    var times = new double[iterations];
    for (var i = 0; i < iterations; i++)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    Array.Sort(times);
    return times;
}

static void Print(string model, int tokens, string path, double[] sorted) =>
    Console.WriteLine($"{model,-18} {tokens,6} {path,-28} {sorted[sorted.Length / 2],8:F3} {sorted[(int)(sorted.Length * 0.99)],8:F3} {sorted.Average(),8:F3}");

/// <summary>The baseline: one session with the same options, fed OrtValues directly, outputs allocated by ORT.</summary>
internal sealed class BareSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputs;
    private readonly string[] _outputs;
    private readonly RunOptions _runOptions = new();

    public BareSession(EncoderModel model, int intraOpThreads, string? saveOptimizedTo)
    {
        using var options = new Microsoft.ML.OnnxRuntime.SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = intraOpThreads,
        };
        if (saveOptimizedTo is not null)
        {
            Directory.CreateDirectory(saveOptimizedTo);
            options.OptimizedModelFilePath = Path.Combine(saveOptimizedTo, model.Name + ".optimized.onnx");
        }
        _session = new InferenceSession(Path.Combine(model.Directory, ModelLoader.ModelFileName), options);
        _inputs = [.. _session.InputMetadata.Keys];
        _outputs = [_session.OutputMetadata.Keys.First()];
    }

    public void Run(int[] ids)
    {
        long[] shape = [1, ids.Length];
        var tokens = ids.Select(i => (long)i).ToArray();
        var values = _inputs.Select(name => name switch
        {
            "input_ids" => OrtValue.CreateTensorValueFromMemory(tokens, shape),
            "attention_mask" => OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, ids.Length).ToArray(), shape),
            _ => OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape),
        }).ToArray();
        using var outputs = _session.Run(_runOptions, _inputs, values, _outputs);
        foreach (var value in values)
        {
            value.Dispose();
        }
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}

internal sealed record Settings(string ModelsRoot, int Iterations, int IntraOpThreads, string? SaveOptimizedTo)
{
    public static Settings Parse(string[] args)
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../models"));
        var iterations = 300;
        var threads = 0;
        string? save = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--models": root = value; break;
                case "--iterations": iterations = int.Parse(value); break;
                case "--intra-op-threads": threads = int.Parse(value); break;
                case "--save-optimized": save = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
            i++;
        }
        return new Settings(root, iterations, threads, save);
    }
}
