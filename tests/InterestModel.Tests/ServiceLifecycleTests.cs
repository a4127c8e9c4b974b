using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Hosting;
using Recommender.InterestModel.Service;
using Recommender.InterestModel.Tests.Infrastructure;
using static Recommender.InterestModel.Tests.Infrastructure.Events;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestModel.Tests;

/// <summary>Restarts, deletion across restarts, a catalog that is down, capacity, configuration checks.</summary>
public sealed class ServiceLifecycleTests : IAsyncLifetime
{
    private readonly TempDirectory data = new();
    private CatalogStandIn catalog = null!;

    public async Task InitializeAsync()
    {
        catalog = await CatalogStandIn.StartAsync();
        catalog.Put("tv", "OLED TV", "Electronics/TV");
        catalog.Put("novel", "Dune", "Books/Fiction");
    }

    public async Task DisposeAsync()
    {
        await catalog.DisposeAsync();
        data.Dispose();
    }

    [Fact]
    public async Task A_deleted_user_stays_gone_after_a_restart_when_the_snapshot_predates_the_deletion()
    {
        await using (var server = await InterestModelServer.StartAsync(data.Path, catalog.Address, "InterestModel:SnapshotOnShutdown=false"))
        {
            await server.Client.RecordEventsAsync(Batch(View("a1", "ann", "tv"), View("a2", "ann", "novel"), View("b1", "ben", "tv")));
            await server.Store.SnapshotAsync(); // ann is in the snapshot ...
            await server.Client.RecordEventsAsync(Batch(View("a3", "ann", "tv"), View("a4", "ann", "waiting-item")));
            var deleted = await server.Client.DeleteUserAsync(new Proto.DeleteUserRequest { UserId = "ann" }); // ... and deleted only in the log
            Assert.Equal(4, deleted.EventsDeleted);
        }
        await using (var server = await InterestModelServer.StartAsync(data.Path, catalog.Address))
        {
            var ann = await server.Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "ann" });
            Assert.True(ann.ColdStart);
            Assert.Equal(0, ann.EventCount);
            Assert.Equal(0, ann.PendingEventCount);
            Assert.Equal(1, (await server.Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "ben" })).EventCount);
            // The item ann's deleted event waited for arrives: nothing of hers comes back.
            catalog.Put("waiting-item", "Lamp", "Home/Lighting");
            await server.Client.RecordEventsAsync(Batch(View("b2", "ben", "waiting-item")));
            Assert.Equal(0, (await server.Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "ann" })).EventCount);
            // A user who comes back after deletion starts afresh with new events.
            Assert.Equal(1, (await server.Client.RecordEventsAsync(Batch(View("a5", "ann", "novel")))).Accepted);
        }
        await using (var server = await InterestModelServer.StartAsync(data.Path, catalog.Address))
        {
            var ann = await server.Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "ann" });
            Assert.Equal(1, ann.EventCount);
            Assert.Equal(["novel"], ann.RecentItems.Select(r => r.ItemId));
        }
    }

    [Fact]
    public async Task A_deletion_whose_erasure_a_crash_interrupted_is_replayed_and_erased_at_the_next_start()
    {
        await using (var server = await InterestModelServer.StartAsync(data.Path, catalog.Address, "InterestModel:SnapshotOnShutdown=false"))
        {
            await server.Client.RecordEventsAsync(Batch(View("cat-event-1", "cat", "tv"), View("cat-event-2", "cat", "novel")));
        }
        Assert.Empty(Directory.GetFiles(Path.Combine(data.Path, "snapshots"), "*.snap"));
        // The deletion durable in the log, as the service writes it, and no erasure after it: a crash in between.
        using (var log = Recommender.Storage.RecordLog.Open(Path.Combine(data.Path, "log")))
        {
            await log.AppendAsync(Persistence.LogEntries.Encode(Persistence.LogEntries.Deletion("cat", DateTimeOffset.UtcNow)));
        }
        Assert.NotEmpty(DataFiles.Containing(data.Path, "cat-event-"));
        await using (var server = await InterestModelServer.StartAsync(data.Path, catalog.Address))
        {
            Assert.True((await server.Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "cat" })).ColdStart);
            Assert.False((await server.Client.DeleteUserAsync(new Proto.DeleteUserRequest { UserId = "cat" })).Existed);
            Assert.Empty(DataFiles.Containing(data.Path, "cat-event-"));
        }
    }

    [Fact]
    public async Task With_the_catalog_down_events_are_kept_and_counted_once_it_answers()
    {
        var catalogPort = Ports.Free(); // nothing listens here yet
        await using var server = await InterestModelServer.StartAsync(data.Path, $"http://127.0.0.1:{catalogPort}");
        var response = await server.Client.RecordEventsAsync(Batch(View("d1", "dan", "tv"), View("d2", "dan", "novel")));
        Assert.Equal(2, response.Accepted);
        Assert.Equal(2, response.Pending);
        var waiting = await server.Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "dan" });
        Assert.Equal(0, waiting.EventCount);
        Assert.Equal(2, waiting.PendingEventCount);

        await using var lateCatalog = await CatalogStandIn.StartAsync(catalogPort);
        lateCatalog.Put("tv", "OLED TV", "Electronics/TV");
        lateCatalog.Put("novel", "Dune", "Books/Fiction");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        Proto.InterestProfile profile;
        do
        {
            await Task.Delay(100);
            profile = await server.Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "dan" });
        }
        while (profile.EventCount < 2 && DateTime.UtcNow < deadline);
        Assert.Equal(2, profile.EventCount);
        Assert.Equal(0, profile.PendingEventCount);
        Assert.Contains(profile.RecentItems, r => r.ItemId == "novel" && r.Title == "Dune");
    }

    [Fact]
    public async Task A_full_user_store_answers_resource_exhausted_and_stays_consistent_across_a_restart()
    {
        string[] settings = ["InterestModel:Limits:MaxUsers=2"];
        await using (var server = await InterestModelServer.StartAsync(data.Path, catalog.Address, settings))
        {
            await server.Client.RecordEventsAsync(Batch(View("e1", "u1", "tv"), View("e2", "u2", "tv")));
            var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.RecordEventsAsync(Batch(View("e3", "u1", "tv"), View("e4", "u3", "tv"))).ResponseAsync);
            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
            Assert.Contains("user store", error.Status.Detail);
            Assert.Contains("2", error.Status.Detail);
        }
        await using (var server = await InterestModelServer.StartAsync(data.Path, catalog.Address, settings))
        {
            Assert.Equal(1, (await server.Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "u1" })).EventCount);
            Assert.True((await server.Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "u3" })).ColdStart);
            // The refused batch was not remembered as seen: sending it again once there is room records it.
            await server.Client.DeleteUserAsync(new Proto.DeleteUserRequest { UserId = "u2" });
            Assert.Equal(2, (await server.Client.RecordEventsAsync(Batch(View("e3", "u1", "tv"), View("e4", "u3", "tv")))).Accepted);
        }
    }

    [Fact]
    public async Task The_service_reports_ready_once_recovered_and_exposes_its_metrics()
    {
        await using var server = await InterestModelServer.StartAsync(data.Path, catalog.Address);
        using var http = new HttpClient();
        var body = await http.GetStringAsync($"http://127.0.0.1:{server.HttpPort}/readyz");
        Assert.Contains("interest state recovered", body);
        Assert.Contains("\"ready\":true", body);
        var health = new Grpc.Health.V1.Health.HealthClient(server.Channel);
        var status = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = "recsys.v1.InterestModel" });
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, status.Status);

        await server.Client.RecordEventsAsync(Batch(View("m1", "mo", "tv"), View("m1", "mo", "tv")));
        await server.Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "mo" });
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{server.HttpPort}/metrics");
        Assert.Contains("interest_model_events_recorded_total", metrics);
        Assert.Contains("interest_model_events_duplicates_total", metrics);
        Assert.Contains("interest_model_events_pending", metrics);
        Assert.Contains("interest_model_users", metrics);
        Assert.Contains("interest_model_get_interests_duration_milliseconds_bucket", metrics);
    }

    [Fact]
    public async Task The_prior_is_refitted_after_recovery_and_after_new_events()
    {
        await using var server = await InterestModelServer.StartAsync(data.Path, catalog.Address,
            "InterestModel:RefitEveryEvents=2", "InterestModel:RefitMinInterval=00:00:00");
        var refits = server.Services.GetRequiredService<Recommender.InterestModel.Background.PriorRefitService>();
        await Until(() => refits.Refits >= 1);
        Assert.Equal(0, server.Store.Engine.Prior.Summary?.Users ?? 0);
        await server.Client.RecordEventsAsync(Batch(View("p1", "pia", "tv"), View("p2", "pia", "novel"), View("p3", "pat", "tv")));
        await Until(() => server.Store.Engine.Prior.Summary?.Users == 2);
        Assert.True(refits.Refits >= 2);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 15 s");
            await Task.Delay(50);
        }
    }

    [Theory]
    [InlineData("InterestModel:Dedupe:Retention=-1.00:00:00", "Dedupe:Retention")]
    [InlineData("InterestModel:CatalogAddress=not-a-url", "CatalogAddress")]
    [InlineData("InterestModel:CatalogBatchSize=5000", "CatalogBatchSize")]
    [InlineData("InterestModel:Limits:MaxBatchSize=0", "Limits.MaxBatchSize")]
    [InlineData("InterestModel:DataDirectory= ", "DataDirectory")]
    [InlineData("InterestModel:Storage:SnapshotsToKeep=0", "SnapshotsToKeep")]
    public void Bad_configuration_stops_the_start_with_the_setting_named(string setting, string named)
    {
        var builder = RecommenderHost.CreateBuilder([$"--Hosting:GrpcPort={Ports.Free()}", $"--Hosting:HttpPort={Ports.Free()}", "--" + setting],
            InterestModelHosting.Identity);
        var error = Assert.Throws<InvalidOperationException>(() => builder.AddInterestModel());
        Assert.Contains(named, error.Message);
        Assert.StartsWith("interest-model: invalid configuration", error.Message);
    }
}
