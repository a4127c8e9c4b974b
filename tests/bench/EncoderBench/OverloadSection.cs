using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Bench;

/// <summary>
/// Open-loop Poisson arrivals with a deadline at 80% and 200% of the saturating throughput, with the
/// configured queue bounds, alternating 80% and 200% for <see cref="Rounds"/> rounds. Saturation is
/// measured right before each round (closed loop of <see cref="CalibrationClients"/> clients), so a
/// change in machine load since the closed-loop table does not turn "80%" into overload.
/// </summary>
internal static class OverloadSection
{
    public const int Rounds = 2;

    /// <summary>Closed-loop clients that saturate the batcher when measuring the saturating load.</summary>
    private const int CalibrationClients = 64;

    public sealed record Round(double Saturating, OpenLoopResult AtEighty, OpenLoopResult AtDouble)
    {
        public double P99Ratio => AtDouble.P99 / AtEighty.P99;
    }

    public static async Task<IReadOnlyList<Round>> RunAsync(IReadOnlyDictionary<Threading, IBatchInference> models, TransformerShape shape,
        BenchSettings settings, Threading layout)
    {
        var options = settings.Batcher.Clone();
        options.WorkerCount = layout.Workers;
        var rounds = new List<Round>();
        for (var round = 0; round < Rounds; round++)
        {
            double saturating;
            if (settings.SaturatingPerSecond is { } given)
            {
                saturating = given;
            }
            else
            {
                var meter = new MeasuringInference(models[layout], shape);
                await using var calibration = new DynamicBatcher("bench-calibration", meter, ClosedLoopSection.ClosedLoopOptions(options, layout, enabled: true));
                saturating = (await Scenarios.ClosedLoopAsync("on", layout, calibration, meter, CalibrationClients, settings)).TextsPerSecond;
            }

            var results = new List<OpenLoopResult>();
            foreach (var load in new[] { 0.8, 2.0 })
            {
                await using var batcher = new DynamicBatcher("bench-overload", models[layout], options);
                results.Add(await Scenarios.OpenLoopAsync(batcher, load, load * saturating, settings));
            }

            rounds.Add(new Round(saturating, results[0], results[1]));
            Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] overload round {round + 1}: saturating {saturating:F1} texts/s, p99 ratio {rounds[^1].P99Ratio:F2}");
        }

        Console.WriteLine($"## Overload: batching on ({layout}), open-loop Poisson arrivals, deadline {settings.DeadlineMs} ms, {settings.OverloadSeconds:F0} s per point");
        Console.WriteLine();
        Console.WriteLine($"Saturating load: closed loop of {CalibrationClients} clients right before each round{(settings.SaturatingPerSecond is null ? "" : " (given)")}; " +
            "rejected requests are answered at once (RESOURCE_EXHAUSTED); \"slowest rejection\" is the longest a rejected request waited for its answer.");
        Console.WriteLine();
        Console.WriteLine("| round | load | offered/s | admitted texts/s | rejected | slowest rejection ms | timed out | failed | p50 ms | p99 ms |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < rounds.Count; i++)
        {
            foreach (var result in new[] { rounds[i].AtEighty, rounds[i].AtDouble })
            {
                Console.WriteLine($"| {i + 1} | {result.Load:P0} | {result.OfferedPerSecond:F1} | {result.AdmittedPerSecond:F1} | " +
                    $"{(double)result.Rejected / Math.Max(1, result.Offered):P1} | {result.SlowestRejectionMs:F2} | {result.TimedOut} | {result.Failed} | " +
                    $"{result.P50:F1} | {result.P99:F1} |");
            }
        }

        Console.WriteLine();
        return rounds;
    }
}
