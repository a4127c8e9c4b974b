namespace Recommender.Bench.GatewayBench;

/// <summary>Where the benchmark sends its calls, with whom and about what.</summary>
public sealed record BenchTarget(
    Uri GatewayGrpc,
    Uri GatewayHttp,
    Uri DirectRetrieval,
    string ApiKey,
    IReadOnlyList<string> UserIds,
    IReadOnlyList<string> ItemIds,
    string Description);
