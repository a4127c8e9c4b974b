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
    public BatcherOptions Batcher { get; } = new();

    public static string Usage => """
        EncoderBench: closed-loop clients against the dynamic batcher, batching off vs on, plus an overload run.
          --warmup S            seconds before each measurement (1)
          --seconds S           measured seconds per point (4)
          --overload-seconds S  measured seconds per open-loop overload point (8)
          --concurrency LIST    closed-loop client counts (1,8,32,128)
          --layers N            transformer layers of the synthetic model (6, MiniLM-L6)
          --deadline-ms MS      deadline of each open-loop request (5000)
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
