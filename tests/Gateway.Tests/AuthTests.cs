using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Recommender.ClusterHarness;
using Recommender.Contracts.V1;
using Recommender.Gateway.Tests.Infrastructure;

namespace Recommender.Gateway.Tests;

/// <summary>Only callers with a key of the right role get in, within the key's rate.</summary>
[Collection(SeededClusterCollection.Name)]
public sealed class AuthTests(SeededCluster fixture)
{
    [Fact]
    public async Task No_key_is_unauthenticated_over_grpc_and_401_over_rest()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client.RecommendAsync(new RecommendRequest { UserId = "user-0001" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("x-api-key", error.Status.Detail);
        using var http = Http(null);
        var response = await http.GetAsync("/v1/users/user-0001/recommendations");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"code\":\"UNAUTHENTICATED\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_key_is_unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client.RecommendAsync(new RecommendRequest { UserId = "user-0001" }, Cluster.Key("not-a-real-key")).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("The API key is not valid.", error.Status.Detail);
    }

    [Fact]
    public async Task The_wrong_role_is_permission_denied_over_grpc_and_403_over_rest()
    {
        var events = new RecordEventsRequest { Events = { new Event { EventId = "x", UserId = "u", ItemId = "item-00001", Action = Contracts.V1.Action.View } } };
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client.RecordEventsAsync(events, Cluster.Key(Cluster.ReadKey)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("'write'", error.Status.Detail);
        var routed = await Assert.ThrowsAsync<RpcException>(() => new CandidateRetrieval.CandidateRetrievalClient(fixture.Cluster.Gateway)
            .DeleteItemsAsync(new DeleteItemsRequest { Ids = { "item-00001" } }, Cluster.Key(Cluster.WriteKey)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, routed.StatusCode);
        using var http = Http(Cluster.WriteKey);
        var response = await http.DeleteAsync("/v1/users/user-0001");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("\"code\":\"PERMISSION_DENIED\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Over_its_rate_a_key_gets_resource_exhausted_and_429()
    {
        // The slow key: 1 request per second, a burst of 3.
        var answers = new List<StatusCode>();
        for (var i = 0; i < 6; i++)
        {
            try
            {
                await fixture.Client.GetInterestsAsync(new GetInterestsRequest { UserId = "user-0001" }, Cluster.Key(Cluster.SlowKey));
                answers.Add(StatusCode.OK);
            }
            catch (RpcException e)
            {
                answers.Add(e.StatusCode);
            }
        }
        Assert.Contains(StatusCode.ResourceExhausted, answers);
        Assert.Equal(StatusCode.OK, answers[0]);
        using var http = Http(Cluster.SlowKey);
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 6 && limited is null; i++)
        {
            var response = await http.GetAsync("/v1/users/user-0001/interests");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter is not null, "a 429 says when to retry");
        Assert.Contains("\"code\":\"RESOURCE_EXHAUSTED\"", await limited.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_reflection_status_and_dashboard_are_open()
    {
        var health = await new Health.HealthClient(fixture.Cluster.Gateway).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        using var http = Http(null);
        Assert.Contains("<title>Recommender</title>", await http.GetStringAsync("/"));
        var status = await http.GetStringAsync("/v1/status");
        Assert.Contains("\"name\":\"encoder\"", status);
        Assert.Contains("SERVING", status);
    }

    private HttpClient Http(string? key)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Cluster.GatewayHttpPort}") };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("x-api-key", key);
        }
        return http;
    }
}
