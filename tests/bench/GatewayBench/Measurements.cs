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

    /// <summary>
    /// GetItems via the gateway, via nginx's grpc_pass (when nginx runs) and directly, interleaved in 1 s slices (the
    /// order rotating each round), each path getting the full duration in total.
    /// </summary>
    public async Task<IReadOnlyList<HopResult>> HopAsync(bool withNginx)
    {
        var results = new List<HopResult>();
        if (!options.Cases.Contains("hop"))
        {
            return results;
        }
        foreach (var concurrency in options.HopConcurrency)
        {
            progress.WriteLine($"gateway hop at concurrency {concurrency}: GetItems via the gateway{(withNginx ? ", via nginx grpc_pass" : "")} and directly, interleaved");
            var paths = new List<(string Name, Func<int, BenchCall> Call)> { ("gateway", calls.GetItemsViaGateway), ("direct", calls.GetItemsDirect) };
            if (withNginx)
            {
                paths.Add(("nginx", calls.GetItemsViaNginx));
            }
            var recorded = await InterleavedAsync(concurrency, paths);
            results.Add(new HopResult(concurrency, recorded["gateway"], recorded["direct"], withNginx ? recorded["nginx"] : null));
        }
        return results;
    }

    /// <summary>
    /// GetInterests as REST on the gateway, the same REST through nginx's proxy_pass in front of it, and over gRPC
    /// through the gateway, interleaved like the hop, at the REST concurrency.
    /// </summary>
    public async Task<RestHopResult?> RestHopAsync()
    {
        if (!options.Cases.Contains("hop") || options.RestConcurrency == 0)
        {
            return null;
        }
        progress.WriteLine($"REST hop at concurrency {options.RestConcurrency}: GetInterests as REST, REST via nginx proxy_pass, and gRPC, interleaved");
        var recorded = await InterleavedAsync(options.RestConcurrency,
            [("rest", calls.GetInterestsRest), ("nginx", calls.GetInterestsRestViaNginx), ("grpc", calls.GetInterestsGrpc)]);
        return new RestHopResult(options.RestConcurrency, recorded["rest"], recorded["nginx"], recorded["grpc"]);
    }

    private async Task<Dictionary<string, LatencySummary>> InterleavedAsync(int concurrency, IReadOnlyList<(string Name, Func<int, BenchCall> Call)> paths)
    {
        foreach (var path in paths)
        {
            await ClosedLoop.WarmUpAsync(concurrency, options.Warmup / paths.Count, path.Call);
        }
        var recorders = paths.ToDictionary(p => p.Name, _ => new LatencyRecorder());
        var slices = Math.Max(1, (int)Math.Round(options.Duration / HopSlice));
        var slice = options.Duration / slices;
        for (var i = 0; i < slices; i++)
        {
            for (var j = 0; j < paths.Count; j++)
            {
                var (name, call) = paths[(i + j) % paths.Count];
                await ClosedLoop.RunAsync(concurrency, slice, call, recorders[name]);
            }
        }
        return recorders.ToDictionary(r => r.Key, r => r.Value.Summarize());
    }
}

/// <summary>One concurrency of the hop comparison; Nginx is null when nginx was left out.</summary>
public sealed record HopResult(int Concurrency, LatencySummary ViaGateway, LatencySummary Direct, LatencySummary? Nginx);

/// <summary>GetInterests: REST on the gateway, REST through nginx proxy_pass in front of it, gRPC through the gateway.</summary>
public sealed record RestHopResult(int Concurrency, LatencySummary Rest, LatencySummary RestViaNginx, LatencySummary Grpc);
