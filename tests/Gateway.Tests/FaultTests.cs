using System.Text.Json;
using Grpc.Core;
using Recommender.ClusterHarness;
using Recommender.Contracts.V1;
using Recommender.Gateway.Tests.Infrastructure;
using RecommenderClient = Recommender.Contracts.V1.Recommender.RecommenderClient;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Recommender.Gateway.Tests;

/// <summary>A cluster whose gateway opens breakers quickly, so the fault tests see them open and close in seconds.</summary>
public sealed class FaultCluster : IAsyncLifetime
{
    public Cluster Cluster { get; private set; } = null!;

    public IReadOnlyList<Item> Items { get; private set; } = [];

    public IReadOnlyList<Event> Events { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Cluster = await Cluster.StartAsync(
            "Gateway:Resilience:BreakerMinimumThroughput=4", "Gateway:Resilience:BreakerSamplingSeconds=4", "Gateway:Resilience:BreakerBreakSeconds=2",
            "Gateway:Resilience:ReadTimeoutMs=600", "Gateway:Recommend:PopularRefreshSeconds=1");
        (Items, Events) = await SeededCluster.SeedAsync(Cluster);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>Kill a service with SIGKILL under steady load through the gateway: degraded answers, breakers, recovery, nothing acknowledged lost.</summary>
public sealed class FaultTests(FaultCluster fixture) : IClassFixture<FaultCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private RecommenderClient Client => new(fixture.Cluster.Gateway);

    private IReadOnlyList<string> Users => fixture.Events.Select(e => e.UserId).Distinct().Take(10).ToList();

    [Fact]
    public async Task Without_the_interest_model_answers_are_popular_items_and_acknowledged_events_survive()
    {
        var user = "fault-" + Guid.NewGuid().ToString("N");
        var events = new RecordEventsRequest();
        events.Events.AddRange(fixture.Items.Take(25).Select((item, i) => new Event
        {
            EventId = $"{user}-{i}", UserId = user, ItemId = item.Id, Action = Contracts.V1.Action.Click,
            Timestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(-i)),
        }));
        Assert.Equal(25, (await Client.RecordEventsAsync(events, Cluster.Key(Cluster.WriteKey))).Accepted);

        await using var load = new SteadyLoad(Client, Users);
        var killed = DateTime.UtcNow;
        fixture.Cluster["interest-model"].Kill();
        await load.WaitForAsync(killed, o => o.Status == StatusCode.OK && o.Degradations.Contains("interest-model") && o.Items == 5, Patience);
        await WaitForBreakerAsync("interest-model", "Open");
        var restarted = DateTime.UtcNow;
        await fixture.Cluster["interest-model"].RestartAsync();
        await load.WaitForAsync(DateTime.UtcNow, o => o.Status == StatusCode.OK && o.Degradations.Count == 0, Patience);
        await WaitForBreakerAsync("interest-model", "Closed");

        var during = load.Since(killed).Where(o => o.Started < restarted).ToList();
        Assert.All(during, o => Assert.True(o.Status == StatusCode.OK, $"Recommend failed while the interest model was down: {o}"));
        Assert.Equal(25, (await Client.GetInterestsAsync(new GetInterestsRequest { UserId = user }, Cluster.Key(Cluster.ReadKey))).EventCount);
    }

    [Fact]
    public async Task Without_ranking_answers_are_in_retrieval_order()
    {
        await using var load = new SteadyLoad(Client, Users);
        var killed = DateTime.UtcNow;
        fixture.Cluster["ranking"].Kill();
        var degraded = await load.WaitForAsync(killed, o => o.Status == StatusCode.OK && o.Degradations.Contains("ranking"), Patience);
        Assert.Equal(5, degraded.Items);
        await WaitForBreakerAsync("ranking", "Open");
        var restarted = DateTime.UtcNow;
        await fixture.Cluster["ranking"].RestartAsync();
        await load.WaitForAsync(DateTime.UtcNow, o => o.Status == StatusCode.OK && o.Degradations.Count == 0, Patience);
        Assert.All(load.Since(killed).Where(o => o.Started < restarted), o => Assert.Equal(StatusCode.OK, o.Status));
    }

    [Fact]
    public async Task Without_the_catalog_recommend_is_unavailable_and_acknowledged_items_survive()
    {
        var added = new UpsertItemsRequest();
        added.Items.AddRange(Enumerable.Range(0, 20).Select(i => new Item { Id = $"fault-item-{i}", Title = $"Peakline Durable Tent {i}", CategoryPath = "Sports/Outdoor/Camping" }));
        Assert.Equal(20, (await Client.UpsertItemsAsync(added, Cluster.Key(Cluster.AdminKey))).Upserted);

        await using var load = new SteadyLoad(Client, Users);
        var killed = DateTime.UtcNow;
        fixture.Cluster["candidate-retrieval"].Kill();
        var failed = await load.WaitForAsync(killed, o => o.Status == StatusCode.Unavailable, Patience);
        Assert.Contains("catalog", failed.Detail);
        await fixture.Cluster["candidate-retrieval"].RestartAsync();
        await load.WaitForAsync(DateTime.UtcNow, o => o.Status == StatusCode.OK && o.Degradations.Count == 0, Patience);

        var items = await new CandidateRetrieval.CandidateRetrievalClient(fixture.Cluster.Gateway)
            .GetItemsAsync(new GetItemsRequest { Ids = { added.Items.Select(i => i.Id) } }, Cluster.Key(Cluster.ReadKey));
        Assert.Equal(20, items.Items.Count);
        Assert.Empty(items.MissingIds);
    }

    private async Task WaitForBreakerAsync(string backend, string state)
    {
        using var http = new HttpClient();
        var until = DateTime.UtcNow + Patience;
        var last = "";
        while (DateTime.UtcNow < until)
        {
            using var status = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{fixture.Cluster.GatewayHttpPort}/v1/status"));
            last = status.RootElement.GetProperty("backends").EnumerateArray().Single(b => b.GetProperty("name").GetString() == backend).GetProperty("breaker").GetString()!;
            if (last == state)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The {backend} breaker did not become {state} (last {last}).");
    }
}
