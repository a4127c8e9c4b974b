using Grpc.Core;
using Grpc.Reflection.V1;
using Recommender.ClusterHarness;
using Recommender.Contracts.V1;
using Recommender.Gateway.Tests.Infrastructure;

namespace Recommender.Gateway.Tests;

/// <summary>gRPC calls to each backend pass through the gateway by service name.</summary>
[Collection(SeededClusterCollection.Name)]
public sealed class RoutingTests(SeededCluster fixture)
{
    private readonly Metadata _read = Cluster.Key(Cluster.ReadKey);

    [Fact]
    public async Task Every_backend_is_reachable_by_service_name()
    {
        var channel = fixture.Cluster.Gateway;
        var models = await new Encoder.EncoderClient(channel).ListModelsAsync(new ListModelsRequest(), _read);
        Assert.Contains(models.Models, m => m.Name == Repository.DefaultModel && m.IsDefault);
        var stats = await new CandidateRetrieval.CandidateRetrievalClient(channel).GetCatalogStatsAsync(new GetCatalogStatsRequest(), _read);
        Assert.True(stats.ItemCount >= SeededCluster.ItemCount);
        var popular = await new InterestModel.InterestModelClient(channel).GetPopularItemsAsync(new GetPopularItemsRequest { K = 5 }, _read);
        Assert.NotEmpty(popular.Items);
        var rank = new RankRequest { K = 1, Candidates = { new RankCandidate { ItemId = "a", Title = "A" }, new RankCandidate { ItemId = "b", Title = "B" } } };
        Assert.Single((await new Contracts.V1.Ranking.RankingClient(channel).RankAsync(rank, _read)).Items);
    }

    [Fact]
    public async Task Backend_errors_pass_through_unchanged()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => new CandidateRetrieval.CandidateRetrievalClient(fixture.Cluster.Gateway)
            .RetrieveAsync(new RetrieveRequest { K = 0 }, _read).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task Reflection_on_the_gateway_describes_the_routed_services()
    {
        using var call = new ServerReflection.ServerReflectionClient(fixture.Cluster.Gateway).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("recsys.v1.Recommender", services);
        Assert.Contains("recsys.v1.Encoder", services);
        Assert.Contains("recsys.v1.CandidateRetrieval", services);
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "recsys.v1.Ranking" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.NotEmpty(call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto);
        await call.RequestStream.CompleteAsync();
    }
}

/// <summary>Several replicas of a service behind one route are all used.</summary>
public sealed class LoadBalancingTests
{
    [Fact]
    public async Task Calls_are_spread_over_every_replica()
    {
        await using var cluster = await Cluster.StartAsync();
        // A second ranking replica, and a gateway that knows both.
        var second = new ServiceProcess("ranking-2", Repository.ServiceAssembly("ranking"), Cluster.FreePort(), Cluster.FreePort());
        second.Start(Path.Combine(Path.GetTempPath(), "recommender-ranking-2-logs"));
        try
        {
            await second.WaitReadyAsync(TimeSpan.FromMinutes(1));
            var gateway = cluster["gateway"];
            gateway.Settings.Add($"Gateway:Services:ranking:Destinations:1:Address={second.GrpcAddress}");
            await gateway.RestartAsync();
            using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{cluster.GatewayGrpcPort}");
            var client = new Contracts.V1.Ranking.RankingClient(channel);
            var rank = new RankRequest { K = 1, Candidates = { new RankCandidate { ItemId = "a", Title = "A" }, new RankCandidate { ItemId = "b", Title = "B" } } };
            for (var i = 0; i < 60; i++)
            {
                await client.RankAsync(rank, Cluster.Key(Cluster.ReadKey));
            }
            using var http = new HttpClient();
            foreach (var replica in new[] { cluster["ranking"], second })
            {
                var metrics = await http.GetStringAsync($"http://127.0.0.1:{replica.HttpPort}/metrics");
                Assert.Contains("method=\"/recsys.v1.Ranking/Rank\"", metrics);
            }
        }
        finally
        {
            second.Kill();
        }
    }
}
