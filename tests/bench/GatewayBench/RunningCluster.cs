using Grpc.Core;
using Grpc.Net.Client;
using Recommender.Contracts.V1;

namespace Recommender.Bench.GatewayBench;

/// <summary>A cluster that is already running (e.g. `make run`), found from --target, --http and --direct.</summary>
public static class RunningCluster
{
    public static async Task<BenchTarget> ConnectAsync(BenchOptions options, TextWriter progress)
    {
        var gateway = Address(options.Target!);
        var direct = Address(options.Direct!);
        var key = new Metadata { { "x-api-key", options.ApiKey } };
        using var channel = GrpcChannel.ForAddress(gateway);
        CatalogStats stats;
        try
        {
            stats = await new CandidateRetrieval.CandidateRetrievalClient(channel).GetCatalogStatsAsync(new GetCatalogStatsRequest(), key, DateTime.UtcNow.AddSeconds(10));
        }
        catch (RpcException e)
        {
            throw new InvalidOperationException(e.StatusCode switch
            {
                StatusCode.Unauthenticated or StatusCode.PermissionDenied => $"The gateway at {gateway} refused the API key given with --api-key: {e.Status.Detail}",
                _ => $"No gRPC answer from the gateway at {gateway} ({e.StatusCode}: {e.Status.Detail}). --target is the gateway's gRPC port (make run: 127.0.0.1:8081), not its HTTP port (8080).",
            }, e);
        }
        if (stats.ItemCount == 0)
        {
            throw new InvalidOperationException($"The catalog behind {gateway} is empty; load data first (make run loads the demo store).");
        }
        var page = await new CandidateRetrieval.CandidateRetrievalClient(channel).ListItemsAsync(new ListItemsRequest { PageSize = 200 }, key, DateTime.UtcNow.AddSeconds(10));
        var items = page.Items.Select(i => i.Id).ToList();
        using var directChannel = GrpcChannel.ForAddress(direct);
        try
        {
            await new CandidateRetrieval.CandidateRetrievalClient(directChannel).GetItemsAsync(new GetItemsRequest { Ids = { items.Take(1) } }, deadline: DateTime.UtcNow.AddSeconds(10));
        }
        catch (RpcException e)
        {
            throw new InvalidOperationException($"No answer from candidate-retrieval at {direct} (--direct, make run: 127.0.0.1:50053): {e.StatusCode}: {e.Status.Detail}", e);
        }
        var users = Enumerable.Range(1, options.TargetUsers).Select(u => $"user-{u:D4}").ToList();
        progress.WriteLine($"target: gateway gRPC {gateway}, HTTP {options.Http}, candidate-retrieval {direct}; catalog of {stats.ItemCount} items");
        return new BenchTarget(gateway, Address(options.Http!), direct, options.ApiKey, users, items,
            $"a running cluster: gateway gRPC {gateway}, HTTP {Address(options.Http!)}, candidate-retrieval {direct}; catalog of {stats.ItemCount} items; "
            + $"users user-0001..user-{options.TargetUsers:D4}; API key '{Redact(options.ApiKey)}' (make run's demo-admin-key allows 5000 requests/s with a burst of 10000, demo-read-key only 200/s; throttled calls count as RESOURCE_EXHAUSTED failures below)");
    }

    private static Uri Address(string hostPort)
    {
        var (host, port) = BenchOptions.HostPort(hostPort, "target");
        return new Uri($"http://{host}:{port}");
    }

    /// <summary>The demo keys are public; any other key is shortened in the report.</summary>
    private static string Redact(string key) => key.StartsWith("demo-", StringComparison.Ordinal) ? key : key[..Math.Min(4, key.Length)] + "...";
}
