namespace Recommender.Bench.GatewayBench;

/// <summary>Runs every case of the benchmark, in one run, against one target.</summary>
public sealed class Measurements(BenchOptions options, BenchCalls calls, TextWriter progress)
{
    /// <summary>The hop comparison alternates gateway and direct in slices this long, so drift in the shared machine's load hits both alike.</summary>
    private static readonly TimeSpan HopSlice = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<(int Concurrency, LatencySummary Result)>> RecommendGrpcAsync()
    {
        var results = new List<(int, LatencySummary)>();
        if (!options.Cases.Contains("recommend"))
        {
            return results;
        }
        foreach (var concurrency in options.Concurrency)
        {
            progress.WriteLine($"Recommend (gRPC) at concurrency {concurrency}: {options.Warmup.TotalSeconds} s warm-up, {options.Duration.TotalSeconds} s measured");
            await ClosedLoop.WarmUpAsync(concurrency, options.Warmup, calls.RecommendGrpc);
            var recorder = new LatencyRecorder();
            await ClosedLoop.RunAsync(concurrency, options.Duration, calls.RecommendGrpc, recorder);
            results.Add((concurrency, recorder.Summarize()));
        }
        return results;
    }

    public async Task<LatencySummary?> RecommendRestAsync()
    {
        if (options.RestConcurrency == 0 || !options.Cases.Contains("rest"))
        {
            return null;
        }
        progress.WriteLine($"Recommend (REST) at concurrency {options.RestConcurrency}");
        await ClosedLoop.WarmUpAsync(options.RestConcurrency, options.Warmup, calls.RecommendRest);
        var recorder = new LatencyRecorder();
        await ClosedLoop.RunAsync(options.RestConcurrency, options.Duration, calls.RecommendRest, recorder);
        return recorder.Summarize();
    }

    /// <summary>GetItems via the gateway and directly, interleaved in 1 s slices (alternating which goes first), each getting the full duration in total.</summary>
    public async Task<IReadOnlyList<(int Concurrency, LatencySummary ViaGateway, LatencySummary Direct)>> HopAsync()
    {
        var results = new List<(int, LatencySummary, LatencySummary)>();
        if (!options.Cases.Contains("hop"))
        {
            return results;
        }
        foreach (var concurrency in options.HopConcurrency)
        {
            progress.WriteLine($"gateway hop at concurrency {concurrency}: GetItems via the gateway and directly, interleaved");
            await ClosedLoop.WarmUpAsync(concurrency, options.Warmup / 2, calls.GetItemsViaGateway);
            await ClosedLoop.WarmUpAsync(concurrency, options.Warmup / 2, calls.GetItemsDirect);
            var viaGateway = new LatencyRecorder();
            var direct = new LatencyRecorder();
            var slices = Math.Max(1, (int)Math.Round(options.Duration / HopSlice));
            var slice = options.Duration / slices;
            for (var i = 0; i < slices; i++)
            {
                var gatewayFirst = i % 2 == 0;
                await ClosedLoop.RunAsync(concurrency, slice, gatewayFirst ? calls.GetItemsViaGateway : calls.GetItemsDirect, gatewayFirst ? viaGateway : direct);
                await ClosedLoop.RunAsync(concurrency, slice, gatewayFirst ? calls.GetItemsDirect : calls.GetItemsViaGateway, gatewayFirst ? direct : viaGateway);
            }
            results.Add((concurrency, viaGateway.Summarize(), direct.Summarize()));
        }
        return results;
    }
}
