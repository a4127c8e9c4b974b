using Recommender.ClusterHarness;
using Recommender.Contracts.V1;
using Recommender.RankingTrainer.Snapshots;

namespace Recommender.RankingTrainer.Tests;

/// <summary>
/// The real cluster with a second ranking replica, the small store loaded through the gateway without each user's
/// last event, the trainer's snapshot of that moment, then the held-back events: what a trainer run finds after
/// users came back.
/// </summary>
public sealed class TrainerFixture : IAsyncLifetime
{
    private readonly List<Event> _recorded = [];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"trainer-tests-{Guid.NewGuid():N}");

    public Cluster Cluster { get; private set; } = null!;

    public ServiceProcess SecondRanking { get; private set; } = null!;

    public SmallStore Store { get; } = new();

    public List<SnapshotList> Snapshot { get; private set; } = [];

    public TrainerSettings Settings { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        Cluster = await Cluster.StartAsync(new Dictionary<string, string[]>());
        SecondRanking = new ServiceProcess("ranking", Repository.ServiceAssembly("ranking"), Cluster.FreePort(), Cluster.FreePort());
        SecondRanking.Settings.Add($"Ranking:WeightsPath={Path.Combine(_folder, "second", "weights.json")}");
        SecondRanking.Start(Path.Combine(_folder, "logs"));
        await SecondRanking.WaitReadyAsync(TimeSpan.FromMinutes(2));

        var gateway = new Contracts.V1.Recommender.RecommenderClient(Cluster.Gateway);
        var upsert = new UpsertItemsRequest();
        upsert.Items.AddRange(Store.Items);
        // Straight to the catalog: embedding them all can take longer than the gateway's write timeout on a busy machine.
        using (var catalog = Grpc.Net.Client.GrpcChannel.ForAddress(Cluster["candidate-retrieval"].GrpcAddress))
        {
            await new CandidateRetrieval.CandidateRetrievalClient(catalog).UpsertItemsAsync(upsert, deadline: DateTime.UtcNow.AddMinutes(3));
        }
        await RecordAsync(gateway, Store.Recorded);

        Settings = new TrainerSettings
        {
            InterestModelAddress = Cluster["interest-model"].GrpcAddress,
            CandidateRetrievalAddress = Cluster["candidate-retrieval"].GrpcAddress,
            RankingAddresses = [Cluster["ranking"].GrpcAddress, SecondRanking.GrpcAddress],
            SnapshotPath = Path.Combine(_folder, "snapshot.pb"),
            MinTrainingLists = 20,
            MinHeldOutLists = 5,
        };
        using var run = new TrainingRun(Settings);
        await run.TakeSnapshotAsync(CancellationToken.None);
        Snapshot = SnapshotFile.Read(Settings.SnapshotPath)!.Value.Lists;
        await RecordAsync(gateway, Store.HeldBack);
    }

    /// <summary>Records events and waits until the interest model has counted all of them (items reach it from the catalog).</summary>
    private async Task RecordAsync(Contracts.V1.Recommender.RecommenderClient gateway, List<Event> events)
    {
        foreach (var batch in events.Chunk(500))
        {
            var request = new RecordEventsRequest();
            request.Events.AddRange(batch);
            await gateway.RecordEventsAsync(request, Cluster.Key(Cluster.AdminKey), DateTime.UtcNow.AddMinutes(1));
        }
        var interests = new InterestModel.InterestModelClient(Grpc.Net.Client.GrpcChannel.ForAddress(Cluster["interest-model"].GrpcAddress));
        _recorded.AddRange(events);
        var lastUser = events[^1].UserId;
        var expected = _recorded.Count(e => e.UserId == lastUser);
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var profile = await interests.GetInterestsAsync(new GetInterestsRequest { UserId = lastUser });
            if (profile.PendingEventCount == 0 && profile.EventCount >= expected)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the interest model did not count {lastUser}'s {expected} events within 30 s");
    }

    public async Task DisposeAsync()
    {
        SecondRanking?.Kill();
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
