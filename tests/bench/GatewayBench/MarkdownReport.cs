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
        IReadOnlyList<(int Concurrency, LatencySummary ViaGateway, LatencySummary Direct)> hop)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"## Gateway benchmark");
        Line($"");
        Line($"- machine: {MachineInfo.Describe()}; load average before {loadBefore}, after {loadAfter}");
        Line($"- command: `{Command(options)}`");
        Line($"- cluster: {target.Description}");
        Line($"- load: closed loop, {options.Warmup.TotalSeconds:0.#} s warm-up then {options.Duration.TotalSeconds:0.#} s measured per cell; latency from Stopwatch timestamps around each call, exact percentiles (nearest rank) over every call");
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
            RenderHop(text, hop);
        }
        if (recommend.Count > 0 && hop.Count > 0)
        {
            Line($"");
            Line($"For scale: the hop's added p50 as a share of Recommend's p50 at the same concurrency: {string.Join(", ", hop.Select(h => Share(h, recommend)))}.");
        }
        var details = recommend.Select(r => r.Result).Concat(rest is null ? [] : [rest]).Concat(hop.SelectMany(h => new[] { h.ViaGateway, h.Direct }))
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

    private static void RenderHop(StringBuilder text, IReadOnlyList<(int Concurrency, LatencySummary ViaGateway, LatencySummary Direct)> hop)
    {
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"");
        Line($"### The gateway hop: CandidateRetrieval.GetItems ({BenchCalls.HopItems} fixed ids) through the gateway's YARP route vs straight to candidate-retrieval");
        Line($"");
        Line($"Both cases in the same run, interleaved in 1 s slices (alternating which goes first); the gateway path includes its API key check. Goal: the hop adds at most {HopGoal * 100:0}% to p50.");
        Line($"");
        Line($"| concurrency | via gateway calls/s | p50 ms | p99 ms | direct calls/s | p50 ms | p99 ms | p50 gateway / direct | hop adds to p50 | goal ≤ {HopGoal * 100:0}% | failed (gateway / direct) |");
        Line($"|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---|");
        foreach (var (concurrency, g, d) in hop)
        {
            var ratio = g.P50Ms / d.P50Ms;
            Line($"| {concurrency} | {g.CallsPerSecond:F0} | {g.P50Ms:F3} | {g.P99Ms:F3} | {d.CallsPerSecond:F0} | {d.P50Ms:F3} | {d.P99Ms:F3} | {ratio:F2} | {g.P50Ms - d.P50Ms:+0.000;-0.000} ms ({(ratio - 1) * 100:+0;-0}%) | {(ratio - 1 <= HopGoal ? "met" : "missed")} | {g.FailuresText} / {d.FailuresText} |");
        }
    }

    private static string Share((int Concurrency, LatencySummary ViaGateway, LatencySummary Direct) hop, IReadOnlyList<(int Concurrency, LatencySummary Result)> recommend)
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
