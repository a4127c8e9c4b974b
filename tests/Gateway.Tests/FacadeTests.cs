using System.Net;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Recommender.ClusterHarness;
using Recommender.Contracts.V1;
using Recommender.Gateway.Tests.Infrastructure;
using Action = Recommender.Contracts.V1.Action;

namespace Recommender.Gateway.Tests;

/// <summary>The Recommender facade over gRPC and REST against the real cluster.</summary>
[Collection(SeededClusterCollection.Name)]
public sealed class FacadeTests(SeededCluster fixture)
{
    private static readonly JsonParser Json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private string ActiveUser => fixture.Events.GroupBy(e => e.UserId).OrderByDescending(g => g.Count()).First().Key;

    [Fact]
    public async Task Recommend_returns_k_ranked_items_with_reasons_and_probabilities()
    {
        var response = await fixture.Client.RecommendAsync(new RecommendRequest { UserId = ActiveUser, K = 8, Explain = true }, Cluster.Key(Cluster.ReadKey));
        Assert.False(response.Degraded, string.Join("; ", response.Degradations.Select(d => d.Reason)));
        Assert.False(response.ColdStart);
        Assert.Equal(8, response.Items.Count);
        Assert.Equal(8, response.Items.Select(i => i.Item.Id).Distinct().Count());
        Assert.All(response.Items, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Reason.Text));
            Assert.InRange(r.Probability, 0, 1);
            Assert.NotEmpty(r.Item.Title);
            Assert.Empty(r.Item.Vector);
            Assert.NotEmpty(r.Contributions);
        });
        Assert.True(response.Items.Zip(response.Items.Skip(1)).Count(p => p.First.Score >= p.Second.Score) >= 4, "roughly in score order (re-ranking may swap some)");
    }

    [Fact]
    public async Task Recommendations_follow_the_users_interests()
    {
        var history = fixture.Events.Where(e => e.UserId == ActiveUser).Select(e => fixture.Items.Single(i => i.Id == e.ItemId).CategoryPath.Split('/')[0]).ToList();
        var favourite = history.GroupBy(c => c).OrderByDescending(g => g.Count()).First().Key;
        var response = await fixture.Client.RecommendAsync(new RecommendRequest { UserId = ActiveUser, K = 10 }, Cluster.Key(Cluster.ReadKey));
        Assert.True(response.Items.Count(r => r.Item.CategoryPath.StartsWith(favourite + "/", StringComparison.Ordinal)) >= 3,
            $"the user's favourite department {favourite} should be well represented: {string.Join(", ", response.Items.Select(r => r.Item.CategoryPath))}");
    }

    [Fact]
    public async Task Seen_items_are_excluded_unless_asked_for()
    {
        var profile = await fixture.Client.GetInterestsAsync(new GetInterestsRequest { UserId = ActiveUser, RecentItems = 100 }, Cluster.Key(Cluster.ReadKey));
        var seen = profile.RecentItems.Select(i => i.ItemId).ToHashSet();
        Assert.NotEmpty(seen);
        var response = await fixture.Client.RecommendAsync(new RecommendRequest { UserId = ActiveUser, K = 20 }, Cluster.Key(Cluster.ReadKey));
        Assert.DoesNotContain(response.Items, r => seen.Contains(r.Item.Id));
    }

    [Fact]
    public async Task A_user_without_history_gets_popular_items_from_several_categories()
    {
        var response = await fixture.Client.RecommendAsync(new RecommendRequest { UserId = "nobody-" + Guid.NewGuid().ToString("N"), K = 10 }, Cluster.Key(Cluster.ReadKey));
        Assert.True(response.ColdStart);
        Assert.Equal(10, response.Items.Count);
        Assert.True(response.Items.Select(r => r.Item.CategoryPath.Split('/')[0]).Distinct().Count() >= 3, "diverse: at least three departments");
    }

    [Fact]
    public async Task Rest_and_grpc_answer_the_same()
    {
        using var http = Http(Cluster.ReadKey);
        var grpc = await fixture.Client.RecommendAsync(new RecommendRequest { UserId = ActiveUser, K = 6 }, Cluster.Key(Cluster.ReadKey));
        var rest = Json.Parse<RecommendResponse>(await http.GetStringAsync($"/v1/users/{ActiveUser}/recommendations?k=6"));
        Assert.Equal(grpc.Items.Select(i => i.Item.Id), rest.Items.Select(i => i.Item.Id));
        Assert.Equal(grpc.Items.Select(i => i.Reason.Text), rest.Items.Select(i => i.Reason.Text));

        var posted = await http.PostAsync("/v1/recommend", Body($$"""{"userId": "{{ActiveUser}}", "k": 6}"""));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(grpc.Items.Select(i => i.Item.Id), Json.Parse<RecommendResponse>(await posted.Content.ReadAsStringAsync()).Items.Select(i => i.Item.Id));

        var grpcProfile = await fixture.Client.GetInterestsAsync(new GetInterestsRequest { UserId = ActiveUser }, Cluster.Key(Cluster.ReadKey));
        var restProfile = Json.Parse<InterestProfile>(await http.GetStringAsync($"/v1/users/{ActiveUser}/interests"));
        Assert.Equal(grpcProfile.EventCount, restProfile.EventCount);
        Assert.Equal(grpcProfile.TopInterests.Select(i => i.CategoryPath), restProfile.TopInterests.Select(i => i.CategoryPath));
    }

    [Fact]
    public async Task Interest_history_recent_users_and_categories_answer_the_same_over_rest_and_grpc()
    {
        using var http = Http(Cluster.ReadKey);
        var grpcUsers = await fixture.Client.ListRecentUsersAsync(new ListRecentUsersRequest { Limit = 5, Prefix = "user-" }, Cluster.Key(Cluster.ReadKey));
        Assert.Equal(5, grpcUsers.Users.Count);
        Assert.Equal(grpcUsers.Users.Select(u => u.UserId), Json.Parse<ListRecentUsersResponse>(await http.GetStringAsync("/v1/users?limit=5&prefix=user-")).Users.Select(u => u.UserId));

        // A user with counted events (events whose item the interest model has not resolved yet are not in the history).
        var user = grpcUsers.Users[0].UserId;
        var grpcHistory = await fixture.Client.GetInterestHistoryAsync(new GetInterestHistoryRequest { UserId = user }, Cluster.Key(Cluster.ReadKey));
        Assert.NotEmpty(grpcHistory.Periods);
        Assert.Equal(grpcHistory, Json.Parse<InterestHistory>(await http.GetStringAsync($"/v1/users/{user}/interest-history")));
        var weekly = Json.Parse<InterestHistory>(await http.GetStringAsync($"/v1/users/{user}/interest-history?granularity=week"));
        Assert.Equal(HistoryGranularity.Week, weekly.Granularity);
        Assert.All(weekly.Periods, p => Assert.Equal(DayOfWeek.Monday, p.Start.ToDateTime().DayOfWeek));
        var badGranularity = await http.GetAsync($"/v1/users/{user}/interest-history?granularity=fortnight");
        Assert.Equal(HttpStatusCode.BadRequest, badGranularity.StatusCode);
        Assert.Contains("HISTORY_GRANULARITY_WEEK", await badGranularity.Content.ReadAsStringAsync());

        var grpcCategories = await fixture.Client.ListCategoriesAsync(new ListCategoriesRequest { MaxDepth = 1 }, Cluster.Key(Cluster.ReadKey));
        Assert.NotEmpty(grpcCategories.Roots);
        Assert.Equal(grpcCategories.Roots.Select(r => r.Path), Json.Parse<ListCategoriesResponse>(await http.GetStringAsync("/v1/categories?max_depth=1")).Roots.Select(r => r.Path));
    }

    [Fact]
    public async Task Writes_and_deletions_go_through_the_facade()
    {
        var user = "writer-" + Guid.NewGuid().ToString("N");
        var item = fixture.Items[3];
        var events = new RecordEventsRequest();
        events.Events.Add(new Event { EventId = user + "-1", UserId = user, ItemId = item.Id, Action = Action.Purchase, Timestamp = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow) });
        var recorded = await fixture.Client.RecordEventsAsync(events, Cluster.Key(Cluster.WriteKey));
        Assert.Equal(1, recorded.Accepted);
        Assert.Equal(1, (await fixture.Client.GetInterestsAsync(new GetInterestsRequest { UserId = user }, Cluster.Key(Cluster.ReadKey))).EventCount);
        var deleted = await fixture.Client.DeleteUserAsync(new DeleteUserRequest { UserId = user }, Cluster.Key(Cluster.AdminKey));
        Assert.True(deleted.Existed);
        Assert.True((await fixture.Client.GetInterestsAsync(new GetInterestsRequest { UserId = user }, Cluster.Key(Cluster.ReadKey))).ColdStart);

        using var http = Http(Cluster.AdminKey);
        var upsert = await http.PostAsync("/v1/items", Body("""{"items": [{"id": "rest-item-1", "title": "Trailforge Insulated Sleeping Bag", "categoryPath": "Sports/Outdoor/Camping"}]}"""));
        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        Assert.Contains("\"upserted\": 1", await upsert.Content.ReadAsStringAsync());
        var delete = await http.DeleteAsync("/v1/items/rest-item-1");
        Assert.Contains("\"deleted\": 1", await delete.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Encode_through_the_facade()
    {
        var response = await fixture.Client.EncodeAsync(new EncodeRequest { Texts = { "wireless headphones", "garden hose" } }, Cluster.Key(Cluster.ReadKey));
        Assert.Equal(2, response.Embeddings.Count);
        Assert.Equal(response.Dimension, response.Embeddings[0].Values.Count);
    }

    [Theory]
    [InlineData(101, "k must be 0")]
    [InlineData(-1, "k must be 0")]
    public async Task Bad_k_is_invalid_argument_over_grpc_and_400_over_rest(int k, string expected)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client.RecommendAsync(new RecommendRequest { UserId = ActiveUser, K = k }, Cluster.Key(Cluster.ReadKey)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(expected, error.Status.Detail);
        using var http = Http(Cluster.ReadKey);
        var response = await http.GetAsync($"/v1/users/{ActiveUser}/recommendations?k={k}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"code\":\"INVALID_ARGUMENT\"", body);
        Assert.Contains(expected, body);
    }

    [Theory]
    [InlineData("/v1/recommend", "{not json", "not a valid RecommendRequest")]
    [InlineData("/v1/recommend", """{"userId": "u", "kk": 3}""", "not a valid RecommendRequest")]
    [InlineData("/v1/recommend", """{"userId": ""}""", "user_id must be 1 to 128 characters")]
    [InlineData("/v1/events", """{"events": [{"eventId": "e", "userId": "u", "itemId": "i", "action": "ACTION_RATING", "rating": 9, "timestamp": "2026-01-01T00:00:00Z"}]}""", "events[0].rating")]
    public async Task Bad_bodies_get_400_naming_the_problem(string path, string body, string expected)
    {
        using var http = Http(Cluster.AdminKey);
        var response = await http.PostAsync(path, Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bad_query_parameters_and_timeouts_get_400()
    {
        using var http = Http(Cluster.ReadKey);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/v1/users/{ActiveUser}/recommendations?k=ten")).StatusCode);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/users/{ActiveUser}/recommendations");
        request.Headers.Add("x-timeout-ms", "soon");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("x-timeout-ms", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deadlines_reach_the_backends()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client.RecommendAsync(
            new RecommendRequest { UserId = ActiveUser }, Cluster.Key(Cluster.ReadKey), deadline: DateTime.UtcNow.AddMilliseconds(1)).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        using var http = Http(Cluster.ReadKey);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/users/{ActiveUser}/interests");
        request.Headers.Add("x-timeout-ms", "1");
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
    }

    private HttpClient Http(string key)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Cluster.GatewayHttpPort}") };
        http.DefaultRequestHeaders.Add("x-api-key", key);
        return http;
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");
}
