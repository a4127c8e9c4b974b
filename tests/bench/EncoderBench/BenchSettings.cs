using System.Globalization;
using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>Command-line settings; every flag is optional (<c>--help</c> lists them).</summary>
internal sealed class BenchSettings
{
    public string ModelsRoot { get; private set; } = DefaultModelsRoot();
    public string Model { get; private set; } = "all-minilm-l6-v2";
    public bool Modelled { get; private set; }
    public double WarmupSeconds { get; private set; } = 1;
    public double MeasureSeconds { get; private set; } = 4;
    public double OverloadSeconds { get; private set; } = 8;
    public double CeilingSeconds { get; private set; } = 0.5;
    public int[] Concurrency { get; private set; } = [1, 8, 32, 128];
    public Threading[] OffLayouts { get; private set; } = [];
    public Threading[] OnLayouts { get; private set; } = [];
    public bool Spinning { get; private set; } = true;
    public int[] EfficiencyLengths { get; private set; } = [12, 25, 48];
    public int[] EfficiencyBatchSizes { get; private set; } = [1, 2, 4, 8, 16, 32];
    public double DeadlineMs { get; private set; } = 5000;
    public double? SaturatingPerSecond { get; private set; }
    public bool Trace { get; private set; }
    public bool SkipCeiling { get; private set; }
    public bool SkipClosedLoop { get; private set; }
    public bool SkipOverload { get; private set; }
    public double ModelGflops { get; private set; } = 45;
    public double ModelHalfEfficiencyRows { get; private set; } = 12;
    public double ModelOverheadMs { get; private set; } = 0.3;

    /// <summary>Batcher options of the "on" runs; workers come from the layout.</summary>
    public BatcherOptions Batcher { get; } = new();

    public static string Usage => """
        EncoderBench: the encoder's batcher on a real ONNX model. Measures ONNX Runtime's MatMul peak and the
        model's efficiency by batch size, one text through the batcher vs a bare session.Run, closed-loop
        clients with batching off and on (interleaved), and open-loop overload at 80% and 200% of saturation.
          --models DIR          models root (<repo>/models)
          --model NAME          model to drive (all-minilm-l6-v2)
          --off LIST            threading layouts WORKERSxINTRAOP for batching off (2x1,1x2); the better is the baseline
          --on LIST             threading layouts for batching on (2x1,1x2)
          --no-spin             intra-op threads do not spin while waiting for work
          --warmup S            seconds before each measurement (1)
          --seconds S           measured seconds per closed-loop point (4)
          --overload-seconds S  measured seconds per open-loop overload point (8)
          --ceiling-seconds S   seconds per MatMul and model-efficiency point (0.5)
          --concurrency LIST    closed-loop client counts (1,8,32,128)
          --efficiency-lengths LIST, --efficiency-batches LIST   model efficiency points (12,25,48; 1,2,4,8,16,32)
          --deadline-ms MS      deadline of each open-loop request (5000)
          --saturating R        take R texts/s as the saturating load instead of measuring it
          --skip-ceiling, --skip-closed-loop, --skip-overload   leave a section out
          --trace               print the queue every 250 ms during the overload runs (stderr)
          --inference NAME      onnx (default) or modelled (sleeps for a modelled cost: the scheduler alone)
          --model-gflops G, --model-half-rows R, --model-overhead-ms MS
                                modelled cost: per-core plateau (45), rows at half efficiency (12), fixed cost per run (0.3)
          --max-batch-size N, --max-batch-tokens N, --max-queue-delay-ms MS, --max-padding-ratio R,
          --max-queued-items N, --max-queued-tokens N   batcher options (defaults of BatcherOptions)
        """;

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings();
        string off = "2x1,1x2", on = "2x1,1x2";
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            double Number() => double.Parse(Value(), CultureInfo.InvariantCulture);
            int[] Numbers() => [.. Value().Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
            switch (flag)
            {
                case "--models": settings.ModelsRoot = Path.GetFullPath(Value()); break;
                case "--model": settings.Model = Value(); break;
                case "--off": off = Value(); break;
                case "--on": on = Value(); break;
                case "--no-spin": settings.Spinning = false; break;
                case "--warmup": settings.WarmupSeconds = Number(); break;
                case "--seconds": settings.MeasureSeconds = Number(); break;
                case "--overload-seconds": settings.OverloadSeconds = Number(); break;
                case "--ceiling-seconds": settings.CeilingSeconds = Number(); break;
                case "--concurrency": settings.Concurrency = Numbers(); break;
                case "--efficiency-lengths": settings.EfficiencyLengths = Numbers(); break;
                case "--efficiency-batches": settings.EfficiencyBatchSizes = Numbers(); break;
                case "--deadline-ms": settings.DeadlineMs = Number(); break;
                case "--saturating": settings.SaturatingPerSecond = Number(); break;
                case "--skip-ceiling": settings.SkipCeiling = true; break;
                case "--skip-closed-loop": settings.SkipClosedLoop = true; break;
                case "--skip-overload": settings.SkipOverload = true; break;
                case "--trace": settings.Trace = true; break;
                case "--inference":
                    settings.Modelled = Value() switch
                    {
                        "onnx" => false,
                        "modelled" => true,
                        var other => throw new ArgumentException($"--inference must be onnx or modelled (was {other})."),
                    };
                    break;
                case "--model-gflops": settings.ModelGflops = Number(); break;
                case "--model-half-rows": settings.ModelHalfEfficiencyRows = Number(); break;
                case "--model-overhead-ms": settings.ModelOverheadMs = Number(); break;
                case "--max-batch-size": settings.Batcher.MaxBatchSize = (int)Number(); break;
                case "--max-batch-tokens": settings.Batcher.MaxBatchTokens = (int)Number(); break;
                case "--max-queue-delay-ms": settings.Batcher.MaxQueueDelay = TimeSpan.FromMilliseconds(Number()); break;
                case "--max-padding-ratio": settings.Batcher.MaxPaddingRatio = Number(); break;
                case "--max-queued-items": settings.Batcher.MaxQueuedItems = (int)Number(); break;
                case "--max-queued-tokens": settings.Batcher.MaxQueuedTokens = (int)Number(); break;
                default: throw new ArgumentException($"Unknown flag {flag}.\n{Usage}");
            }
        }

        settings.OffLayouts = [.. off.Split(',').Select(l => Threading.Parse(l, settings.Spinning))];
        settings.OnLayouts = [.. on.Split(',').Select(l => Threading.Parse(l, settings.Spinning))];
        settings.Batcher.Validate();
        return settings;
    }

    /// <summary>Every layout the run uses, each once.</summary>
    public IReadOnlyList<Threading> AllLayouts => [.. OffLayouts.Concat(OnLayouts).Distinct()];

    /// <summary>&lt;repo&gt;/models: the first ancestor of the program's folder that holds Recommender.sln.</summary>
    private static string DefaultModelsRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recommender.sln")))
            {
                return Path.Combine(dir.FullName, "models");
            }
        }

        return Path.GetFullPath("models");
    }
}
