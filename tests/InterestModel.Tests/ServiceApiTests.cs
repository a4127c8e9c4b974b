using Grpc.Core;
using Recommender.InterestModel.Tests.Infrastructure;
using static Recommender.InterestModel.Tests.Infrastructure.Events;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestModel.Tests;

/// <summary>The gRPC API through a real server on loopback, with the catalog stand-in behind it.</summary>
public sealed class ServiceApiTests : IAsyncLifetime
{
    private readonly TempDirectory data = new();
    private CatalogStandIn catalog = null!;
    private InterestModelServer server = null!;

    private Proto.InterestModel.InterestModelClient Client => server.Client;

    public async Task InitializeAsync()
    {
        catalog = await CatalogStandIn.StartAsync();
        catalog.Put("phone", "Pixel 8", "Electronics/Phones", 1, 0, 0);
        catalog.Put("case", "Phone case", "Electronics/Phones", 0.8f, 0.6f, 0);
        catalog.Put("tv", "OLED TV", "Electronics/TV", 0, 1, 0);
        catalog.Put("novel", "Dune", "Books/Fiction", 0, 0, 1);
        server = await InterestModelServer.StartAsync(data.Path, catalog.Address);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await catalog.DisposeAsync();
        data.Dispose();
    }

    [Fact]
    public async Task Recorded_events_show_up_as_interests_with_evidence_titles_and_vectors()
    {
        var response = await Client.RecordEventsAsync(Batch(
            View("e1", "alice", "phone", TimeSpan.FromHours(3)),
            Of("e2", "alice", "case", Proto.Action.Purchase, TimeSpan.FromHours(2)),
            Of("e3", "alice", "phone", Proto.Action.Rating, TimeSpan.FromHours(1), rating: 4.5),
            View("e4", "alice", "novel", TimeSpan.FromMinutes(30))));
        Assert.Equal(4, response.Accepted);
        Assert.Equal(0, response.Duplicates);
        Assert.Equal(0, response.Pending);

        var profile = await Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "alice" });
        Assert.False(profile.ColdStart);
        Assert.Equal(4, profile.EventCount);
        Assert.Equal(0, profile.PendingEventCount);
        var electronics = profile.LongTerm.Nodes.Single(n => n.CategoryPath == "Electronics");
        var books = profile.LongTerm.Nodes.Single(n => n.CategoryPath == "Books");
        Assert.True(electronics.Probability > books.Probability);
        Assert.Equal(3, electronics.EvidenceCount);
        Assert.True(electronics.Lower < electronics.Probability && electronics.Probability < electronics.Upper);
        Assert.True(electronics.DecayedWeight > 0);
        Assert.Equal(90, profile.LongTerm.HalfLifeDays, 9);
        Assert.Equal(1, profile.ShortTerm.HalfLifeDays, 9);
        Assert.Equal(1.0, profile.LongTerm.Nodes.Where(n => n.Depth == 1).Sum(n => n.Probability), 9);
        // Parents come before their children.
        Assert.True(profile.LongTerm.Nodes.ToList().FindIndex(n => n.CategoryPath == "Electronics")
            < profile.LongTerm.Nodes.ToList().FindIndex(n => n.CategoryPath == "Electronics/Phones"));

        var top = profile.TopInterests[0];
        Assert.Equal("Electronics/Phones", top.CategoryPath);
        Assert.Equal(3, top.Vector.Count);
        Assert.Equal(1.0, Math.Sqrt(top.Vector.Sum(x => (double)x * x)), 5);
        Assert.Equal("case", top.Evidence[0].ItemId); // the purchase weighs most
        Assert.Equal("Phone case", top.Evidence[0].Title);
        Assert.Equal(Proto.Action.Purchase, top.Evidence[0].Action);
        Assert.Equal(1.0, top.Evidence.Sum(e => e.Share), 9);
        Assert.Equal(3, profile.OverallVector.Count);

        Assert.Equal(["novel", "phone", "case"], profile.RecentItems.Select(r => r.ItemId));
        Assert.Equal("Dune", profile.RecentItems[0].Title);
        Assert.Equal("Books/Fiction", profile.RecentItems[0].CategoryPath);
        Assert.Equal(Proto.Action.Rating, profile.RecentItems[1].Action);

        var shallow = await Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "alice", MaxDepth = 1, TopK = 1, RecentItems = 1, EvidencePerInterest = 1 });
        Assert.All(shallow.LongTerm.Nodes, n => Assert.Equal(1, n.Depth));
        Assert.Single(shallow.TopInterests);
        Assert.Single(shallow.TopInterests[0].Evidence);
        Assert.Single(shallow.RecentItems);
    }

    [Fact]
    public async Task A_repeated_event_id_is_counted_once()
    {
        var first = await Client.RecordEventsAsync(Batch(View("same", "bob", "tv"), View("same", "bob", "tv"), View("other", "bob", "tv")));
        Assert.Equal(2, first.Accepted);
        Assert.Equal(1, first.Duplicates);
        var again = await Client.RecordEventsAsync(Batch(View("same", "bob", "tv"), View("other", "bob", "tv")));
        Assert.Equal(0, again.Accepted);
        Assert.Equal(2, again.Duplicates);
        // The same event id of another user is another event.
        Assert.Equal(1, (await Client.RecordEventsAsync(Batch(View("same", "carol", "tv")))).Accepted);
        Assert.Equal(2, (await Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "bob" })).EventCount);
    }

    [Fact]
    public async Task Repeats_are_caught_after_a_restart_and_beyond_the_engines_per_user_window()
    {
        // 300 events: more than the 128 ids each user's own window remembers.
        for (var batch = 0; batch < 3; batch++)
        {
            var request = Batch(Enumerable.Range(batch * 100, 100).Select(i => View($"d{i}", "dave", i % 2 == 0 ? "tv" : "novel", TimeSpan.FromMinutes(300 - i))).ToArray());
            Assert.Equal(100, (await Client.RecordEventsAsync(request)).Accepted);
        }
        await server.StopAsync();
        server = await InterestModelServer.StartAsync(data.Path, catalog.Address);

        var resent = await Client.RecordEventsAsync(Batch(View("d0", "dave", "tv", TimeSpan.FromMinutes(300)), View("d150", "dave", "tv"), View("d300", "dave", "tv")));
        Assert.Equal(2, resent.Duplicates);
        Assert.Equal(1, resent.Accepted);
        Assert.Equal(301, (await Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "dave" })).EventCount);
    }

    [Fact]
    public async Task An_unknown_user_gets_a_cold_start_profile_not_an_error()
    {
        await Client.RecordEventsAsync(Batch(View("x1", "erin", "tv"), View("x2", "frank", "novel")));
        var profile = await Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "nobody" });
        Assert.True(profile.ColdStart);
        Assert.Equal(0, profile.EventCount);
        Assert.Empty(profile.RecentItems);
        var topLevel = profile.LongTerm.Nodes.Where(n => n.Depth == 1).ToList();
        Assert.Equal(["Books", "Electronics"], topLevel.Select(n => n.CategoryPath).Order());
        Assert.Equal(1.0, topLevel.Sum(n => n.Probability), 9);
        Assert.All(topLevel, n => Assert.Equal(0, n.EvidenceCount));
    }

    [Fact]
    public async Task Deleting_a_user_erases_their_profile_and_answers_what_existed()
    {
        await Client.RecordEventsAsync(Batch(View("g1", "gina", "tv"), View("g2", "gina", "phone"), View("g3", "gina", "not-in-catalog")));
        var deleted = await Client.DeleteUserAsync(new Proto.DeleteUserRequest { UserId = "gina" });
        Assert.True(deleted.Existed);
        Assert.Equal(3, deleted.EventsDeleted); // two counted, one waiting for its item
        var profile = await Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "gina" });
        Assert.True(profile.ColdStart);
        Assert.Equal(0, profile.EventCount);
        Assert.Equal(0, profile.PendingEventCount);
        Assert.False((await Client.DeleteUserAsync(new Proto.DeleteUserRequest { UserId = "gina" })).Existed);
    }

    [Fact]
    public async Task Item_signals_and_popular_items()
    {
        await Client.RecordEventsAsync(Batch(
            View("h1", "hank", "phone", TimeSpan.FromMinutes(20)), View("h2", "hank", "case", TimeSpan.FromMinutes(15)),
            View("i1", "ivy", "phone", TimeSpan.FromMinutes(20)), Of("i2", "ivy", "case", Proto.Action.Purchase, TimeSpan.FromMinutes(10)),
            View("j1", "jo", "novel", TimeSpan.FromMinutes(5))));
        var signals = await Client.GetItemSignalsAsync(new Proto.GetItemSignalsRequest { UserId = "hank", CandidateIds = { "case", "novel", "unknown-item" } });
        Assert.Equal(["case", "novel", "unknown-item"], signals.Signals.Select(s => s.ItemId));
        var caseSignals = signals.Signals[0];
        Assert.True(caseSignals.Covisitation > 0);
        Assert.Equal("phone", caseSignals.Sources.Single().ItemId);
        Assert.Equal("Pixel 8", caseSignals.Sources.Single().Title);
        Assert.Equal(1.0, caseSignals.Popularity, 9); // the most popular item (a view and a purchase)
        Assert.Equal(0, signals.Signals[1].Covisitation);
        Assert.InRange(signals.Signals[1].Popularity, 0.01, 0.99);
        Assert.False(signals.Signals[2].Known);

        var popular = await Client.GetPopularItemsAsync(new Proto.GetPopularItemsRequest { K = 2 });
        Assert.Equal(["case", "phone"], popular.Items.Select(i => i.ItemId));
        Assert.Equal("Electronics/Phones", popular.Items[0].CategoryPath);
        var books = await Client.GetPopularItemsAsync(new Proto.GetPopularItemsRequest { CategoryPrefix = "Books" });
        Assert.Equal(["novel"], books.Items.Select(i => i.ItemId));
        Assert.Empty((await Client.GetPopularItemsAsync(new Proto.GetPopularItemsRequest { CategoryPrefix = "Garden" })).Items);
    }

    [Fact]
    public async Task Covisited_items_come_from_other_users_sessions_without_the_users_own()
    {
        await Client.RecordEventsAsync(Batch(
            View("p1", "pam", "phone", TimeSpan.FromMinutes(20)), View("p2", "pam", "case", TimeSpan.FromMinutes(15)),
            View("q1", "quin", "phone", TimeSpan.FromMinutes(5))));

        var covisited = await Client.GetCovisitedItemsAsync(new Proto.GetCovisitedItemsRequest { UserId = "quin" });
        Assert.Equal(["case"], covisited.Items.Select(i => i.ItemId));
        Assert.Equal(1.0, covisited.Items[0].Score, 9); // case is all of phone's co-visits
        Assert.Empty((await Client.GetCovisitedItemsAsync(new Proto.GetCovisitedItemsRequest { UserId = "nobody-yet" })).Items);

        var tooMany = await Assert.ThrowsAsync<RpcException>(() => Client.GetCovisitedItemsAsync(new Proto.GetCovisitedItemsRequest { UserId = "quin", K = 1001 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, tooMany.StatusCode);
        Assert.Contains("k", tooMany.Status.Detail);
        var noUser = await Assert.ThrowsAsync<RpcException>(() => Client.GetCovisitedItemsAsync(new Proto.GetCovisitedItemsRequest { K = 5 }).ResponseAsync);
        Assert.Contains("user_id", noUser.Status.Detail);
    }

    [Fact]
    public async Task Events_for_items_not_in_the_catalog_wait_and_count_when_the_item_arrives()
    {
        var response = await Client.RecordEventsAsync(Batch(View("k1", "kim", "future-item"), View("k2", "kim", "tv")));
        Assert.Equal(2, response.Accepted);
        Assert.Equal(1, response.Pending);
        var waiting = await Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "kim" });
        Assert.Equal(1, waiting.EventCount);
        Assert.Equal(1, waiting.PendingEventCount);

        catalog.Put("future-item", "Garden chair", "Garden/Furniture", 0, 0, 1);
        var profile = await Eventually(async () =>
        {
            var p = await Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "kim" });
            return p.EventCount == 2 ? p : null;
        });
        Assert.Equal(0, profile.PendingEventCount);
        Assert.Contains(profile.LongTerm.Nodes, n => n.CategoryPath == "Garden/Furniture" && n.EvidenceCount == 1);
        Assert.Equal("Garden chair", profile.RecentItems.Single(r => r.ItemId == "future-item").Title);
    }

    [Fact]
    public async Task A_stream_of_batches_is_recorded_message_by_message()
    {
        using var call = Client.RecordEventsStream();
        for (var m = 0; m < 20; m++)
        {
            await call.RequestStream.WriteAsync(Batch(View($"s{m}a", "sam", "tv"), View($"s{m}b", "sam", "novel"), View("s0a", "sam", "tv")));
        }
        await call.RequestStream.CompleteAsync();
        var total = await call;
        Assert.Equal(40, total.Accepted);
        Assert.Equal(20, total.Duplicates);
        Assert.Equal(40, (await Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "sam" })).EventCount);
    }

    [Fact]
    public async Task A_bad_message_in_a_stream_stops_it_after_recording_the_ones_before()
    {
        using var call = Client.RecordEventsStream();
        await call.RequestStream.WriteAsync(Batch(View("t1", "tia", "tv")));
        await call.RequestStream.WriteAsync(Batch(View("t2", "tia", "tv"), View("t3", "", "tv")));
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            try
            {
                await call.RequestStream.WriteAsync(Batch(View("t4", "tia", "tv")));
                await call.RequestStream.CompleteAsync();
            }
            catch (Exception) when (call.ResponseAsync.IsCompleted)
            {
                // the server already answered; its status is below
            }
            await call;
        });
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("stream message 2", error.Status.Detail);
        Assert.Contains("events[1].user_id", error.Status.Detail);
        Assert.Equal(1, (await Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "tia" })).EventCount);
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 15 s");
            await Task.Delay(100);
        }
    }
}
