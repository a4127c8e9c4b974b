using Recommender.ClusterHarness;
using Recommender.Contracts.V1;
using Recommender.DemoData;
using RecommenderClient = Recommender.Contracts.V1.Recommender.RecommenderClient;

namespace Recommender.Gateway.Tests.Infrastructure;

/// <summary>One cluster for a test collection, loaded through the gateway with a small demo catalog and users.</summary>
public sealed class SeededCluster : IAsyncLifetime
{
    public const int ItemCount = 400;
    public const int UserCount = 40;

    public Cluster Cluster { get; private set; } = null!;

    public IReadOnlyList<Item> Items { get; private set; } = [];

    public IReadOnlyList<Event> Events { get; private set; } = [];

    public RecommenderClient Client => new(Cluster.Gateway);

    public async Task InitializeAsync()
    {
        Cluster = await Cluster.StartAsync("Gateway:Recommend:PopularRefreshSeconds=1");
        (Items, Events) = await SeedAsync(Cluster);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>The demo generators' catalog and histories, loaded through the gateway's facade.</summary>
    public static async Task<(IReadOnlyList<Item> Items, IReadOnlyList<Event> Events)> SeedAsync(Cluster cluster)
    {
        var random = new Random(11);
        var now = DateTime.UtcNow;
        var items = CatalogGenerator.Generate(ItemCount, random, now);
        var events = UserGenerator.Generate(UserCount, items, random, now);
        var client = new RecommenderClient(cluster.Gateway);
        // The encoder embeds every item with a transformer: small batches stay within the gateway's 5 s write timeout
        // on a loaded machine.
        foreach (var batch in items.Chunk(25))
        {
            await client.UpsertItemsAsync(new UpsertItemsRequest { Items = { batch } }, Cluster.Key(Cluster.AdminKey), DateTime.UtcNow.AddMinutes(2));
        }
        foreach (var batch in events.Chunk(500))
        {
            await client.RecordEventsAsync(new RecordEventsRequest { Events = { batch } }, Cluster.Key(Cluster.WriteKey), DateTime.UtcNow.AddMinutes(1));
        }
        return (items, events);
    }
}

[CollectionDefinition(Name)]
public sealed class SeededClusterCollection : ICollectionFixture<SeededCluster>
{
    public const string Name = "seeded cluster";
}
