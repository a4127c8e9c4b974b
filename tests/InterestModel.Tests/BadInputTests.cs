using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Recommender.InterestModel.Tests.Infrastructure;
using static Recommender.InterestModel.Tests.Infrastructure.Events;
using Proto = Recommender.Contracts.V1;

namespace Recommender.InterestModel.Tests;

/// <summary>Shared server for the bad-input cases.</summary>
public sealed class BadInputServer : IAsyncLifetime
{
    private readonly TempDirectory data = new();

    public CatalogStandIn Catalog { get; private set; } = null!;

    public InterestModelServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Catalog = await CatalogStandIn.StartAsync();
        Catalog.Put("tv", "OLED TV", "Electronics/TV");
        Server = await InterestModelServer.StartAsync(data.Path, Catalog.Address);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Catalog.DisposeAsync();
        data.Dispose();
    }
}

/// <summary>Every kind of bad input gets INVALID_ARGUMENT naming the field and the limit, and changes nothing.</summary>
public sealed class BadInputTests(BadInputServer fixture) : IClassFixture<BadInputServer>
{
    private Proto.InterestModel.InterestModelClient Client => fixture.Server.Client;

    [Theory]
    [InlineData("unknown action", "events[1].action", "ACTION_VIEW")]
    [InlineData("unspecified action", "events[1].action", "ACTION_UNSPECIFIED")]
    [InlineData("rating above range", "events[1].rating", "[0.5, 5]")]
    [InlineData("rating not set", "events[1].rating", "[0.5, 5]")]
    [InlineData("timestamp in the future", "events[1].timestamp", "00:05:00")]
    [InlineData("no timestamp", "events[1].timestamp", "missing")]
    [InlineData("malformed timestamp", "events[1].timestamp", "valid google.protobuf.Timestamp")]
    [InlineData("empty user id", "events[1].user_id", "non-empty")]
    [InlineData("empty item id", "events[1].item_id", "non-empty")]
    [InlineData("empty event id", "events[1].event_id", "non-empty")]
    [InlineData("overlong user id", "events[1].user_id", "at most 128 characters")]
    public async Task A_bad_event_rejects_the_whole_batch(string problem, string field, string limit)
    {
        var user = "bad-" + problem.Replace(' ', '-');
        var bad = View(problem + "-2", user, "tv");
        switch (problem)
        {
            case "unknown action": bad.Action = (Proto.Action)99; break;
            case "unspecified action": bad.Action = Proto.Action.Unspecified; break;
            case "rating above range": bad.Action = Proto.Action.Rating; bad.Rating = 5.5; break;
            case "rating not set": bad.Action = Proto.Action.Rating; break;
            case "timestamp in the future": bad.Timestamp = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)); break;
            case "no timestamp": bad.Timestamp = null; break;
            case "malformed timestamp": bad.Timestamp = new Timestamp { Seconds = 1_700_000_000, Nanos = -5 }; break;
            case "empty user id": bad.UserId = ""; break;
            case "empty item id": bad.ItemId = ""; break;
            case "empty event id": bad.EventId = ""; break;
            case "overlong user id": bad.UserId = new string('u', 129); break;
        }
        var error = await Rejected(() => Client.RecordEventsAsync(Batch(View(problem + "-1", user, "tv"), bad)).ResponseAsync);
        Assert.StartsWith(field + ":", error.Status.Detail);
        Assert.Contains(limit, error.Status.Detail);
        // Nothing of the batch was applied, not even the good first event.
        var profile = await Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = user.Length > 0 ? user : "x" });
        Assert.Equal(0, profile.EventCount);
        Assert.True(profile.ColdStart);
    }

    [Fact]
    public async Task Batches_must_hold_1_to_1000_events()
    {
        var empty = await Rejected(() => Client.RecordEventsAsync(new Proto.RecordEventsRequest()).ResponseAsync);
        Assert.Contains("events:", empty.Status.Detail);
        Assert.Contains("1 to 1000 events", empty.Status.Detail);
        var big = Batch(Enumerable.Range(0, 1001).Select(i => View($"big{i}", "big", "tv")).ToArray());
        var tooMany = await Rejected(() => Client.RecordEventsAsync(big).ResponseAsync);
        Assert.Contains("at most 1000 events per batch", tooMany.Status.Detail);
        Assert.Equal(0, (await Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "big" })).EventCount);
    }

    [Fact]
    public async Task Read_requests_name_the_field_and_limit()
    {
        Assert.StartsWith("user_id:", (await Rejected(() => Client.GetInterestsAsync(new Proto.GetInterestsRequest()).ResponseAsync)).Status.Detail);
        var topK = await Rejected(() => Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "u", TopK = 51 }).ResponseAsync);
        Assert.StartsWith("top_k:", topK.Status.Detail);
        Assert.Contains("to 50", topK.Status.Detail);
        Assert.StartsWith("recent_items:", (await Rejected(() => Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "u", RecentItems = -1 }).ResponseAsync)).Status.Detail);
        Assert.StartsWith("max_depth:", (await Rejected(() => Client.GetInterestsAsync(new Proto.GetInterestsRequest { UserId = "u", MaxDepth = -1 }).ResponseAsync)).Status.Detail);

        var none = await Rejected(() => Client.GetItemSignalsAsync(new Proto.GetItemSignalsRequest { UserId = "u" }).ResponseAsync);
        Assert.StartsWith("candidate_ids:", none.Status.Detail);
        var many = new Proto.GetItemSignalsRequest { UserId = "u" };
        many.CandidateIds.AddRange(Enumerable.Range(0, 2001).Select(i => $"c{i}"));
        Assert.Contains("at most 2000 candidates", (await Rejected(() => Client.GetItemSignalsAsync(many).ResponseAsync)).Status.Detail);
        Assert.StartsWith("candidate_ids[1]:", (await Rejected(() => Client.GetItemSignalsAsync(new Proto.GetItemSignalsRequest { UserId = "u", CandidateIds = { "a", "" } }).ResponseAsync)).Status.Detail);

        var k = await Rejected(() => Client.GetPopularItemsAsync(new Proto.GetPopularItemsRequest { K = 1001 }).ResponseAsync);
        Assert.StartsWith("k:", k.Status.Detail);
        Assert.Contains("1000", k.Status.Detail);
        Assert.StartsWith("category_prefix:", (await Rejected(() => Client.GetPopularItemsAsync(new Proto.GetPopularItemsRequest { CategoryPrefix = "A//B" }).ResponseAsync)).Status.Detail);
        Assert.StartsWith("user_id:", (await Rejected(() => Client.DeleteUserAsync(new Proto.DeleteUserRequest()).ResponseAsync)).Status.Detail);
    }

    private static async Task<RpcException> Rejected<T>(Func<Task<T>> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return error;
    }
}
