using System.Globalization;
using System.Text;

namespace Recommender.Bench.GatewayBench;

/// <summary>The benchmark's results as markdown: machine, command, setup, and one table per question.</summary>
public static class MarkdownReport
{
    /// <summary>The issue's goal: the gateway hop adds at most this much to a backend call's p50.</summary>
    public const double HopGoal = 0.15;

    public static string Render(
        BenchOptions options,
        BenchTarget target,
        string loadBefore,
        string loadAfter,
        IReadOnlyList<(int Concurrency, LatencySummary Result)> recommend,
        LatencySummary? rest,
        IReadOnlyList<HopResult> hop,
        string? nginxVersion)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"## Gateway benchmark");
        Line($"");
        Line($"- machine: {MachineInfo.Describe()}; load average before {loadBefore}, after {loadAfter}");
        Line($"- command: `{Command(options)}`");
        Line($"- cluster: {target.Description}");
        if (recommend.Count > 0 || rest is not null || hop.Count > 0)
        {
            Line($"- load: closed loop, {options.Warmup.TotalSeconds:0.#} s warm-up then {options.Duration.TotalSeconds:0.#} s measured per cell; latency from Stopwatch timestamps around each call, exact percentiles (nearest rank) over every call");
        }
        if (target.GatewayGrpc.IsLoopback)
        {
            Line($"- note: the client, the gateway and the 4 services share the same {MachineInfo.Cores} cores, so these numbers are a floor for a deployment with the client and each service on its own cores");
        }
        if (recommend.Count > 0 || rest is not null)
        {
            RenderRecommend(text, options, recommend, rest);
        }
        if (hop.Count > 0)
        {
            RenderHop(text, hop, nginxVersion);
        }
        if (recommend.Count > 0 && hop.Count > 0)
        {
            Line($"");
            Line($"For scale: the hop's added p50 as a share of Recommend's p50 at the same concurrency: {string.Join(", ", hop.Select(h => Share(h, recommend)))}.");
        }
        var details = recommend.Select(r => r.Result).Concat(rest is null ? [] : [rest]).Concat(hop.SelectMany(h => new[] { h.ViaGateway, h.Direct, h.Nginx }.OfType<LatencySummary>()))
            .SelectMany(r => r.FirstFailureDetails).DistinctBy(d => d.Key).ToList();
        if (details.Count > 0)
        {
            Line($"");
            Line($"Failures, the first message of each kind: {string.Join("; ", details.Select(d => $"{d.Key}: \"{d.Value}\""))}.");
        }
        return text.ToString();
    }

    private static void RenderRecommend(StringBuilder text, BenchOptions options, IReadOnlyList<(int Concurrency, LatencySummary Result)> recommend, LatencySummary? rest)
    {
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"");
        Line($"### Recommend through the gateway (gRPC, k={options.K}, users at random, seed {options.Seed})");
        Line($"");
        Line($"| concurrency | calls/s | p50 ms | p99 ms | max ms | calls | failed | notes |");
        Line($"|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (concurrency, r) in recommend)
        {
            Line($"| {concurrency} | {r.CallsPerSecond:F1} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.MaxMs:F1} | {r.Calls} | {r.FailuresText} | {r.NotesText} |");
        }
        if (rest is not null)
        {
            Line($"| {options.RestConcurrency} (REST `GET /v1/users/{{id}}/recommendations`) | {rest.CallsPerSecond:F1} | {rest.P50Ms:F2} | {rest.P99Ms:F2} | {rest.MaxMs:F1} | {rest.Calls} | {rest.FailuresText} | {rest.NotesText} |");
        }
    }

    private static void RenderHop(StringBuilder text, IReadOnlyList<HopResult> hop, string? nginxVersion)
    {
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"");
        Line($"### The gateway hop: CandidateRetrieval.GetItems ({BenchCalls.HopItems} fixed ids) through the gateway's YARP route{(nginxVersion is null ? "" : ", through nginx grpc_pass,")} and straight to candidate-retrieval");
        Line($"");
        Line($"All paths in the same run, interleaved in 1 s slices (the order rotating each round); the gateway path includes its API key check{(nginxVersion is null ? "" : $"; nginx ({nginxVersion}, worker_processes auto, upstream keepalive 64, access log off) has no key check")}. Goal: the hop adds at most {HopGoal * 100:0}% to p50.");
        Line($"");
        Line($"| concurrency | path | calls/s | p50 ms | p99 ms | adds to direct p50 | failed |");
        Line($"|---:|---|---:|---:|---:|---:|---|");
        foreach (var h in hop)
        {
            Line($"| {h.Concurrency} | direct | {h.Direct.CallsPerSecond:F0} | {h.Direct.P50Ms:F3} | {h.Direct.P99Ms:F3} | | {h.Direct.FailuresText} |");
            Line($"| {h.Concurrency} | gateway (YARP) | {h.ViaGateway.CallsPerSecond:F0} | {h.ViaGateway.P50Ms:F3} | {h.ViaGateway.P99Ms:F3} | {Added(h.ViaGateway, h.Direct)} | {h.ViaGateway.FailuresText} |");
            if (h.Nginx is not null)
            {
                Line($"| {h.Concurrency} | nginx grpc_pass | {h.Nginx.CallsPerSecond:F0} | {h.Nginx.P50Ms:F3} | {h.Nginx.P99Ms:F3} | {Added(h.Nginx, h.Direct)} | {h.Nginx.FailuresText} |");
            }
        }
        if (hop.Any(h => h.Nginx is not null))
        {
            Line($"");
            Line($"Our hop against nginx's (added p50, gateway / nginx): {string.Join(", ", hop.Where(h => h.Nginx is not null).Select(h => string.Create(CultureInfo.InvariantCulture, $"concurrency {h.Concurrency}: {(h.ViaGateway.P50Ms - h.Direct.P50Ms) / (h.Nginx!.P50Ms - h.Direct.P50Ms):F2}x")))} (goal: at most 1x).");
        }
    }

    /// <summary>GetInterests: our REST facade, the same through nginx proxy_pass, and gRPC through the gateway.</summary>
    public static string RenderRestHop(RestHopResult r)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"");
        Line($"### REST: GetInterests as REST on the gateway, through nginx proxy_pass in front of it, and as gRPC through the gateway");
        Line($"");
        Line($"Concurrency {r.Concurrency}, interleaved in 1 s slices, users at random. nginx's HTTP/1.1 hop is the nginx row against REST; our REST facade's cost (HTTP/1.1 JSON in, a gRPC call behind it, JSON out) is the REST row against gRPC.");
        Line($"");
        Line($"| path | calls/s | p50 ms | p99 ms | failed |");
        Line($"|---|---:|---:|---:|---|");
        Line($"| gRPC `Recommender/GetInterests` through the gateway | {r.Grpc.CallsPerSecond:F0} | {r.Grpc.P50Ms:F3} | {r.Grpc.P99Ms:F3} | {r.Grpc.FailuresText} |");
        Line($"| REST `GET /v1/users/{{id}}/interests` on the gateway | {r.Rest.CallsPerSecond:F0} | {r.Rest.P50Ms:F3} | {r.Rest.P99Ms:F3} | {r.Rest.FailuresText} |");
        Line($"| the same REST through nginx proxy_pass | {r.RestViaNginx.CallsPerSecond:F0} | {r.RestViaNginx.P50Ms:F3} | {r.RestViaNginx.P99Ms:F3} | {r.RestViaNginx.FailuresText} |");
        Line($"");
        Line($"nginx proxy_pass adds {r.RestViaNginx.P50Ms - r.Rest.P50Ms:+0.000;-0.000} ms to REST's p50; REST instead of gRPC costs {r.Rest.P50Ms - r.Grpc.P50Ms:+0.000;-0.000} ms of p50.");
        return text.ToString();
    }

    private static string Added(LatencySummary path, LatencySummary direct) =>
        string.Create(CultureInfo.InvariantCulture, $"{path.P50Ms - direct.P50Ms:+0.000;-0.000} ms ({(path.P50Ms / direct.P50Ms - 1) * 100:+0;-0}%)");

    private static string Share(HopResult hop, IReadOnlyList<(int Concurrency, LatencySummary Result)> recommend)
    {
        var match = recommend.FirstOrDefault(r => r.Concurrency == hop.Concurrency);
        return match.Result is null
            ? string.Create(CultureInfo.InvariantCulture, $"concurrency {hop.Concurrency}: no Recommend cell")
            : string.Create(CultureInfo.InvariantCulture, $"concurrency {hop.Concurrency}: {(hop.ViaGateway.P50Ms - hop.Direct.P50Ms) / match.Result.P50Ms * 100:0.0}%");
    }

    private static string Command(BenchOptions options) =>
        "dotnet tests/bench/GatewayBench/bin/Release/net10.0/Recommender.Bench.GatewayBench.dll"
        + (options.Arguments.Count == 0 ? "" : " " + string.Join(' ', RedactKey(options.Arguments)));

    private static IEnumerable<string> RedactKey(IReadOnlyList<string> args) =>
        args.Select((a, i) => i > 0 && args[i - 1] == "--api-key" && !a.StartsWith("demo-", StringComparison.Ordinal) ? "KEY" : a);
}
