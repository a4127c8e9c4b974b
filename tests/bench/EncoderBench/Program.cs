using System.Globalization;
using System.Runtime.InteropServices;
using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>
/// Benchmarks the dynamic batcher: closed-loop clients at each concurrency with batching off and
/// on, then open-loop arrivals at 80% and 200% of the saturating throughput. Prints markdown tables
/// and how each goal of the encoder issue fares.
/// </summary>
public static class Program
{
    /// <summary>Closed-loop clients that saturate the batcher when measuring the saturating load.</summary>
    private const int CalibrationClients = 64;

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

        var (inference, shape) = InferenceFactory.Create(settings);
        var options = settings.Batcher;
        Console.WriteLine($"# EncoderBench ({inference.GetType().Name}, {shape.Layers} layers x hidden {shape.Hidden}, FFN {shape.FeedForward})");
        if (settings.Modelled)
        {
            Console.WriteLine($"MODELLED COST, NO COMPUTE: plateau {settings.ModelGflops} GFLOP/s per worker, half efficiency at " +
                $"{settings.ModelHalfEfficiencyRows} rows, {settings.ModelOverheadMs} ms per run; GFLOP/s columns are modelled too");
        }

        Console.WriteLine($"machine: {CpuModel()}, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, " +
            $"load average {LoadAverage()} at start");
        Console.WriteLine($"command: dotnet run -c Release --project tests/bench/EncoderBench -- {string.Join(' ', args)}");
        Console.WriteLine($"batcher: workers {options.WorkerCount}, max batch {options.MaxBatchSize}, budget {options.MaxBatchTokens} tokens, " +
            $"max delay {options.MaxQueueDelay.TotalMilliseconds} ms, max padding {options.MaxPaddingRatio}, " +
            $"queue bound {options.MaxQueuedItems} items / {options.MaxQueuedTokens} tokens");
        Console.WriteLine("texts: one per request, 8-64 tokens (40% 8-16, 35% 17-32, 25% 33-64)");
        Console.WriteLine();
        Scenarios.WarmUp(inference, TimeSpan.FromSeconds(Math.Max(2, settings.WarmupSeconds)));

        if (!settings.OverloadOnly)
        {
            await ClosedLoopSectionAsync(inference, shape, settings);
        }

        await OverloadSectionAsync(inference, shape, settings);
        Console.WriteLine($"load average {LoadAverage()} at the end");
        return 0;
    }

    private static async Task ClosedLoopSectionAsync(IBatchInference inference, TransformerShape shape, BenchSettings settings)
    {
        var options = settings.Batcher;
        var peak = settings.Modelled
            ? settings.ModelGflops * options.WorkerCount
            : Scenarios.GemmPeak(options.WorkerCount, TimeSpan.FromSeconds(2));
        if (settings.Modelled)
        {
            Console.WriteLine($"peak (modelled): {peak:F1} GFLOP/s");
        }
        else
        {
            Console.WriteLine($"MatMul peak (GEMM kernel, {options.WorkerCount} threads, 512x384x1536): {peak:F1} GFLOP/s");
            Console.WriteLine("GEMM by rows (tokens in a batch), one thread, 384x1536 weight, GFLOP/s: " + string.Join(", ",
                new[] { 16, 32, 64, 128, 256, 1024 }.Select(m => $"{m}: {Scenarios.GemmRate(m, 384, 1536, TimeSpan.FromMilliseconds(300)):F1}")));
        }

        Latencies bare, single;
        await using (var idle = new DynamicBatcher("bench-single", inference, options))
        {
            await Scenarios.PairedSingleRunsAsync(inference, idle, TimeSpan.FromSeconds(settings.WarmupSeconds));
            (bare, single) = await Scenarios.PairedSingleRunsAsync(inference, idle, TimeSpan.FromSeconds(Math.Max(2, settings.MeasureSeconds)));
        }

        Console.WriteLine($"one text at a time, alternating: bare inference p50 {bare.Percentile(50):F2} ms, " +
            $"through the batcher p50 {single.Percentile(50):F2} ms ({bare.Count} pairs)");
        Console.WriteLine();

        // Off and on alternate at each concurrency, so a change in machine load hits both alike.
        var modes = new[] { false, true }.Select(enabled =>
        {
            var measured = new MeasuringInference(inference, shape);
            var modeOptions = options.Clone();
            modeOptions.Enabled = enabled;
            return (Name: enabled ? "on" : "off", Meter: measured, Batcher: new DynamicBatcher("bench-" + enabled, measured, modeOptions));
        }).ToArray();
        var results = new List<ClosedLoopResult>();
        foreach (var concurrency in settings.Concurrency)
        {
            foreach (var mode in modes)
            {
                var result = await Scenarios.ClosedLoopAsync(mode.Name, mode.Batcher, mode.Meter, concurrency, settings);
                results.Add(result);
                Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] batching {mode.Name}, {concurrency} clients: {result.TextsPerSecond:F1} texts/s");
            }
        }

        foreach (var mode in modes)
        {
            await mode.Batcher.DisposeAsync();
        }

        Console.WriteLine("| batching | clients | texts/s | p50 ms | p99 ms | mean batch | padding | GFLOP/s | % of peak | rejected once+ |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results.OrderBy(r => r.Mode == "on").ThenBy(r => r.Concurrency))
        {
            Console.WriteLine($"| {result.Mode} | {result.Concurrency} | {result.TextsPerSecond:F1} | {result.P50:F1} | {result.P99:F1} | " +
                $"{result.Work.MeanBatchSize:F1} | {result.Work.PaddingRatio:P1} | {result.GigaFlopsPerSecond:F1} | " +
                $"{result.GigaFlopsPerSecond / peak:P0} | {result.RejectedFraction:P1} |");
        }

        Console.WriteLine();
        ClosedLoopResult? Find(string mode, int concurrency) =>
            results.FirstOrDefault(r => r.Mode == mode && r.Concurrency == concurrency);
        if (Find("on", 32) is { } on32 && Find("off", 32) is { } off32)
        {
            Console.WriteLine($"- concurrency 32 throughput on/off: {on32.TextsPerSecond / off32.TextsPerSecond:F2}x (goal >= 3x)");
        }

        if (Find("on", 8) is { } on8 && Find("off", 8) is { } off8)
        {
            Console.WriteLine($"- concurrency 8 p99 on/off: {on8.P99 / off8.P99:F2}x (goal <= 2x)");
        }

        var on = results.Where(r => r.Mode == "on").ToList();
        if (on.Count > 0)
        {
            Console.WriteLine($"- padding with batching on: at most {on.Max(r => r.Work.PaddingRatio):P1} of computed tokens (goal < 15%)");
        }

        Console.WriteLine($"- best GFLOP/s: {results.Max(r => r.GigaFlopsPerSecond) / peak:P0} of the MatMul peak (goal >= 50%)");
        Console.WriteLine($"- one request p50 through the batcher / bare: {single.Percentile(50) / bare.Percentile(50):F3}x (goal <= 1.2x)");
        Console.WriteLine();
    }

    private static async Task OverloadSectionAsync(IBatchInference inference, TransformerShape shape, BenchSettings settings)
    {
        // Saturation is measured right before the open-loop runs, so a change in machine load since
        // the closed-loop table does not turn "80%" into overload.
        var options = settings.Batcher;
        double saturating;
        if (settings.SaturatingPerSecond is { } given)
        {
            saturating = given;
        }
        else
        {
            var measured = new MeasuringInference(inference, shape);
            await using var calibration = new DynamicBatcher("bench-calibration", measured, options);
            saturating = (await Scenarios.ClosedLoopAsync("on", calibration, measured, CalibrationClients, settings)).TextsPerSecond;
        }

        Console.WriteLine($"Overload (batching on, open-loop Poisson arrivals, deadline {settings.DeadlineMs} ms; saturating = {saturating:F1} texts/s, " +
            (settings.SaturatingPerSecond is null ? $"closed loop of {CalibrationClients} clients just before):" : "given):"));
        Console.WriteLine();
        Console.WriteLine("| load | offered/s | admitted texts/s | rejected | timed out | failed | p50 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var runs = new List<OpenLoopResult>();
        foreach (var load in new[] { 0.8, 2.0 })
        {
            await using var batcher = new DynamicBatcher("bench-overload", inference, options);
            var result = await Scenarios.OpenLoopAsync(batcher, load * saturating, settings);
            runs.Add(result);
            Console.WriteLine($"| {load:P0} | {result.OfferedPerSecond:F1} | {result.AdmittedPerSecond:F1} | " +
                $"{(double)result.Rejected / result.Offered:P1} | {result.TimedOut} | {result.Failed} | {result.P50:F1} | {result.P99:F1} |");
        }

        Console.WriteLine();
        Console.WriteLine($"- p99 at 200% / p99 at 80% load: {runs[1].P99 / runs[0].P99:F2}x (goal <= 2x); " +
            $"rejected at 80%: {(double)runs[0].Rejected / runs[0].Offered:P1}, at 200%: {(double)runs[1].Rejected / runs[1].Offered:P1}; " +
            $"timed out: {runs[0].TimedOut + runs[1].TimedOut}");
        Console.WriteLine();
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
