using System.Text.Json;
using Grpc.Net.Client;
using Recommender.ClusterHarness;
using Recommender.Contracts.V1;
using Recommender.Ranking.Features;

namespace Recommender.RankingTrainer.Tests;

/// <summary>The trainer against the real cluster on the small store.</summary>
public sealed class TrainingRunTests(TrainerFixture fixture) : IClassFixture<TrainerFixture>
{
    [Fact]
    public async Task Learns_weights_that_beat_the_built_in_ones_on_held_out_users_and_every_replica_serves_them()
    {
        Assert.True(fixture.Snapshot.Count >= 80, $"snapshot of {fixture.Snapshot.Count} users");
        using var run = new TrainingRun(fixture.Settings);
        var outcome = await run.TrainAsync(fixture.Snapshot, CancellationToken.None);

        Assert.True(outcome.Decision == TrainingDecision.Published, outcome.Message);
        Assert.Equal("builtin-1", outcome.ServedVersion);
        Assert.True(outcome.NewMetric > outcome.ServedMetric, outcome.Message);
        Assert.Equal(outcome.Labels.Labeled, outcome.TrainingLists + outcome.HeldOutLists);
        Assert.True(outcome.Labels.WithNextEvent >= 80, $"{outcome.Labels.WithNextEvent} users acted after the snapshot");
        Assert.Equal(2, outcome.Replicas.Count);
        foreach (var address in new[] { fixture.Cluster["ranking"].GrpcAddress, fixture.SecondRanking.GrpcAddress })
        {
            using var channel = GrpcChannel.ForAddress(address);
            var served = await new Contracts.V1.Ranking.RankingClient(channel).GetWeightsAsync(new GetWeightsRequest());
            Assert.Equal(outcome.Model!.Version, served.Version);
            Assert.False(served.BuiltIn);
            Assert.Equal("builtin-1", served.PreviousVersion);
            Assert.Equal("ndcg@10", served.HeldOutMetric);
            Assert.Equal(outcome.NewMetric, served.HeldOutValue, 9);
            Assert.Equal(outcome.ServedMetric, served.HeldOutReplacedValue, 9);
            Assert.Equal(outcome.TrainingLists, served.TrainingLists);
            Assert.InRange(served.TrainedAt.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow);
        }

        // The gateway's status page names the weights in service, and Recommend ranks with them.
        using var http = new HttpClient();
        using var status = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{fixture.Cluster.GatewayHttpPort}/v1/status"));
        var weights = status.RootElement.GetProperty("rankingWeights")[0];
        Assert.Equal(outcome.Model!.Version, weights.GetProperty("version").GetString());
        Assert.Equal("ndcg@10", weights.GetProperty("heldOut").GetProperty("metric").GetString());
        var recommended = await new Contracts.V1.Recommender.RecommenderClient(fixture.Cluster.Gateway)
            .RecommendAsync(new RecommendRequest { UserId = fixture.Store.HeldBack[0].UserId, K = 10 }, Cluster.Key(Cluster.ReadKey));
        Assert.Equal(10, recommended.Items.Count);
        Assert.False(recommended.Degraded);
        Assert.InRange(recommended.InterestMix.ShortTermWeight, 0.2, 1);
    }

    [Fact]
    public async Task Weights_that_do_not_beat_the_served_ones_are_refused_and_nothing_changes()
    {
        using var channel = GrpcChannel.ForAddress(fixture.SecondRanking.GrpcAddress);
        var ranking = new Contracts.V1.Ranking.RankingClient(channel);
        var before = await ranking.GetWeightsAsync(new GetWeightsRequest());
        // Freshness alone says nothing about what these users do next (release dates are random).
        using var run = new TrainingRun(fixture.Settings with { Features = [RankingFeature.Freshness] });
        var outcome = await run.TrainAsync(fixture.Snapshot, CancellationToken.None);

        Assert.True(outcome.Decision == TrainingDecision.NotBetter, outcome.Message);
        Assert.True(outcome.NewMetric < outcome.ServedMetric, outcome.Message);
        Assert.Contains("not published", outcome.Message);
        var after = await ranking.GetWeightsAsync(new GetWeightsRequest());
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.LoadedAt, after.LoadedAt);
    }
}
