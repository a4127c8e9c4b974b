using Grpc.Core;
using Recommender.ClusterHarness;
using Recommender.Contracts.V1;
using Recommender.DemoData;
using RecommenderClient = Recommender.Contracts.V1.Recommender.RecommenderClient;

namespace Recommender.Bench.GatewayBench;

/// <summary>
/// The whole cluster as processes of the bench's own (tests/ClusterHarness), loaded with `make run`'s
/// demo generators through the gateway.
/// </summary>
public static class LocalCluster
{
    /// <summary>A read-only key of the bench's own with limits it cannot reach, so the gateway never throttles it.</summary>
    public const string BenchKey = "gateway-bench-unthrottled-key";

    /// <summary>Key 4: keys 0..3 are the harness's own.</summary>
    private static readonly string[] BenchKeySettings =
    [
        "Gateway:Auth:Keys:4:Name=gateway-bench", $"Gateway:Auth:Keys:4:Key={BenchKey}", "Gateway:Auth:Keys:4:Roles:0=read",
        "Gateway:Auth:Keys:4:PermitsPerSecond=10000000", "Gateway:Auth:Keys:4:Burst=10000000",
    ];

    /// <summary>
    /// make run's demo keys with make run's limits (scripts/run.sh), so the ghz profiles in tests/load run unchanged
    /// against this cluster: keys 5..7.
    /// </summary>
    private static readonly string[] DemoKeySettings =
    [
        "Gateway:Auth:Keys:5:Name=demo-reader", "Gateway:Auth:Keys:5:Key=demo-read-key", "Gateway:Auth:Keys:5:Roles:0=read",
        "Gateway:Auth:Keys:6:Name=demo-writer", "Gateway:Auth:Keys:6:Key=demo-write-key", "Gateway:Auth:Keys:6:Roles:0=read", "Gateway:Auth:Keys:6:Roles:1=write",
        "Gateway:Auth:Keys:7:Name=demo-admin", "Gateway:Auth:Keys:7:Key=demo-admin-key", "Gateway:Auth:Keys:7:Roles:0=read", "Gateway:Auth:Keys:7:Roles:1=write",
        "Gateway:Auth:Keys:7:Roles:2=admin", "Gateway:Auth:Keys:7:PermitsPerSecond=5000", "Gateway:Auth:Keys:7:Burst=10000",
    ];

    public static async Task<(Cluster Cluster, BenchTarget Target)> StartAsync(BenchOptions options, TextWriter progress)
    {
        progress.WriteLine("starting the cluster (encoder, candidate-retrieval, interest-model, ranking, gateway) as processes...");
        var cluster = await Cluster.StartAsync([.. BenchKeySettings, .. DemoKeySettings, .. options.GatewaySettings]);
        try
        {
            progress.WriteLine($"loading {options.DemoItems} demo items and {options.DemoUsers} demo users through the gateway...");
            var random = new Random(options.Seed);
            var now = DateTime.UtcNow;
            var items = CatalogGenerator.Generate(options.DemoItems, random, now);
            var events = UserGenerator.Generate(options.DemoUsers, items, random, now);
            var client = new RecommenderClient(cluster.Gateway);
            var admin = Cluster.Key(Cluster.AdminKey);
            foreach (var batch in items.Chunk(250))
            {
                await client.UpsertItemsAsync(new UpsertItemsRequest { Items = { batch } }, admin, DateTime.UtcNow.AddMinutes(2));
            }
            foreach (var batch in events.Chunk(1000))
            {
                await client.RecordEventsAsync(new RecordEventsRequest { Events = { batch } }, admin, DateTime.UtcNow.AddMinutes(1));
            }
            var users = events.Select(e => e.UserId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var target = new BenchTarget(
                new Uri($"http://127.0.0.1:{cluster.GatewayGrpcPort}"),
                new Uri($"http://127.0.0.1:{cluster.GatewayHttpPort}"),
                new Uri(cluster["candidate-retrieval"].GrpcAddress),
                BenchKey,
                users,
                items.Select(i => i.Id).ToList(),
                $"the bench's own cluster (tests/ClusterHarness: 4 services and the gateway as processes on loopback, default model all-minilm-l6-v2{(options.GatewaySettings.Count > 0 ? ", extra gateway settings " + string.Join(' ', options.GatewaySettings) : "")}), "
                + $"{items.Count} demo items and {users.Count} demo users with {events.Count} events; API key: a read key of the bench's own with 10^7 requests/s, so the gateway never throttles");
            return (cluster, target);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}
