using System.Globalization;
using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>Command-line settings; every flag is optional (<c>--help</c> lists them).</summary>
internal sealed class BenchSettings
{
    public double WarmupSeconds { get; private set; } = 1;
    public double MeasureSeconds { get; private set; } = 4;
    public double OverloadSeconds { get; private set; } = 8;
    public int[] Concurrency { get; private set; } = [1, 8, 32, 128];
    public int Layers { get; private set; } = TransformerShape.MiniLmL6.Layers;
    public double DeadlineMs { get; private set; } = 5000;
    public double? SaturatingPerSecond { get; private set; }
    public bool Trace { get; private set; }
    public bool OverloadOnly { get; private set; }
    public bool Modelled { get; private set; }
    public double ModelGflops { get; private set; } = 45;
    public double ModelHalfEfficiencyRows { get; private set; } = 12;
    public double ModelOverheadMs { get; private set; } = 0.3;
    public BatcherOptions Batcher { get; } = new();

    public static string Usage => """
        EncoderBench: closed-loop clients against the dynamic batcher, batching off vs on, plus an overload run.
          --warmup S            seconds before each measurement (1)
          --seconds S           measured seconds per point (4)
          --overload-seconds S  measured seconds per open-loop overload point (8)
          --concurrency LIST    closed-loop client counts (1,8,32,128)
          --layers N            transformer layers of the synthetic model (6, MiniLM-L6)
          --deadline-ms MS      deadline of each open-loop request (5000)
          --saturating R        skip the closed-loop runs and take R texts/s as the saturating load
          --trace               print the queue every 250 ms during the overload runs (stderr)
          --overload-only       run only the overload scenario (with its calibration)
          --inference NAME      synthetic (real compute, default) or modelled (sleeps for a modelled cost: scheduler only)
          --model-gflops G, --model-half-rows R, --model-overhead-ms MS
                                modelled cost: per-core plateau (45), rows at half efficiency (12), fixed cost per run (0.3)
          --workers N, --max-batch-size N, --max-batch-tokens N, --max-queue-delay-ms MS,
          --max-padding-ratio R, --max-queued-items N, --max-queued-tokens N   batcher options (defaults of BatcherOptions)
        """;

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings();
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            double Number() => double.Parse(Value(), CultureInfo.InvariantCulture);
            switch (flag)
            {
                case "--warmup": settings.WarmupSeconds = Number(); break;
                case "--seconds": settings.MeasureSeconds = Number(); break;
                case "--overload-seconds": settings.OverloadSeconds = Number(); break;
                case "--concurrency": settings.Concurrency = [.. Value().Split(',').Select(int.Parse)]; break;
                case "--layers": settings.Layers = (int)Number(); break;
                case "--deadline-ms": settings.DeadlineMs = Number(); break;
                case "--saturating": settings.SaturatingPerSecond = Number(); break;
                case "--trace": settings.Trace = true; break;
                case "--overload-only": settings.OverloadOnly = true; break;
                case "--inference":
                    settings.Modelled = Value() switch
                    {
                        "synthetic" => false,
                        "modelled" => true,
                        var other => throw new ArgumentException($"--inference must be synthetic or modelled (was {other})."),
                    };
                    break;
                case "--model-gflops": settings.ModelGflops = Number(); break;
                case "--model-half-rows": settings.ModelHalfEfficiencyRows = Number(); break;
                case "--model-overhead-ms": settings.ModelOverheadMs = Number(); break;
                case "--workers": settings.Batcher.WorkerCount = (int)Number(); break;
                case "--max-batch-size": settings.Batcher.MaxBatchSize = (int)Number(); break;
                case "--max-batch-tokens": settings.Batcher.MaxBatchTokens = (int)Number(); break;
                case "--max-queue-delay-ms": settings.Batcher.MaxQueueDelay = TimeSpan.FromMilliseconds(Number()); break;
                case "--max-padding-ratio": settings.Batcher.MaxPaddingRatio = Number(); break;
                case "--max-queued-items": settings.Batcher.MaxQueuedItems = (int)Number(); break;
                case "--max-queued-tokens": settings.Batcher.MaxQueuedTokens = (int)Number(); break;
                default: throw new ArgumentException($"Unknown flag {flag}.\n{Usage}");
            }
        }

        settings.Batcher.Validate();
        return settings;
    }
}
