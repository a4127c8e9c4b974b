using System.Collections.Concurrent;
using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Ranking.Features;
using Recommender.Ranking.Model;
using Recommender.Ranking.Tests.Infrastructure;

namespace Recommender.Ranking.Tests;

/// <summary>LoadWeights, RollbackWeights and GetWeights on the real ranking process.</summary>
public sealed class WeightsReloadTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ranking-reload-{Guid.NewGuid():N}");

    private static RankingModel Model(string version, double popularityWeight) => new(version, TrainingObjective.Softmax, bias: 0,
    [
        new FeatureWeight(RankingFeature.InterestSimilarity, Weight: 1, Mean: 0.5, StdDev: 0.25),
        new FeatureWeight(RankingFeature.Popularity, Weight: popularityWeight, Mean: 0, StdDev: 1),
    ], new TrainingSummary(40, 4000, 0.001, 6, 2.5, true, new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero),
        new HeldOutEvaluation("ndcg@10", 0.41, 0.33, 12)));

    [Fact]
    public async Task Weights_replaced_and_rolled_back_under_load_never_fail_a_call_or_mix_two_models()
    {
        var path = Path.Combine(_folder, "weights.json");
        await using var server = await RankingServer.StartAsync($"Ranking:WeightsPath={path}");
        var a = WeightsFile.Serialize(Model("reload-a", 0.5));
        var b = WeightsFile.Serialize(Model("reload-b", -0.5));
        var request = Requests.Typical(200, 10);
        var expectedOrder = new ConcurrentDictionary<string, string>();
        var failures = new ConcurrentQueue<Exception>();
        var versions = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var response = await server.Client.RankAsync(request, deadline: DateTime.UtcNow.AddSeconds(30));
                    versions.AddOrUpdate(response.ModelVersion, 1, (_, n) => n + 1);
                    // One model per answer: the same version always gives the same order.
                    var order = string.Join(',', response.Items.Select(i => i.ItemId));
                    Assert.Equal(expectedOrder.GetOrAdd(response.ModelVersion, order), order);
                }
                catch (Exception e)
                {
                    failures.Enqueue(e);
                }
            }
        })).ToList();

        for (var round = 0; round < 10; round++)
        {
            await server.Client.LoadWeightsAsync(new LoadWeightsRequest { WeightsJson = round % 2 == 0 ? a : b });
            await Task.Delay(50);
            if (round % 3 == 2)
            {
                await server.Client.RollbackWeightsAsync(new RollbackWeightsRequest());
                await Task.Delay(50);
            }
        }
        // Round 9 loaded b; a replaces it.
        var last = await server.Client.LoadWeightsAsync(new LoadWeightsRequest { WeightsJson = a });
        await Task.Delay(200);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.Contains("reload-a", versions.Keys);
        Assert.Contains("reload-b", versions.Keys);
        Assert.All(versions.Keys, v => Assert.Contains(v, new[] { BuiltInModel.Version, "reload-a", "reload-b" }));
        Assert.Equal("reload-a", last.Version);
        Assert.Equal("reload-b", last.PreviousVersion);
        Assert.Equal("ndcg@10", last.HeldOutMetric);
        Assert.Equal(0.41, last.HeldOutValue, 6);
        Assert.Equal(0.33, last.HeldOutReplacedValue, 6);
        Assert.Equal(12, last.HeldOutLists);
        Assert.Equal(40, last.TrainingLists);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero), last.TrainedAt.ToDateTimeOffset());
        Assert.False(last.BuiltIn);
    }

    [Fact]
    public async Task Loaded_weights_and_the_rollback_target_survive_a_restart()
    {
        var path = Path.Combine(_folder, "weights.json");
        await using (var server = await RankingServer.StartAsync($"Ranking:WeightsPath={path}"))
        {
            Assert.True((await server.Client.GetWeightsAsync(new GetWeightsRequest())).BuiltIn);
            await server.Client.LoadWeightsAsync(new LoadWeightsRequest { WeightsJson = WeightsFile.Serialize(Model("kept-1", 0.5)) });
            await server.Client.LoadWeightsAsync(new LoadWeightsRequest { WeightsJson = WeightsFile.Serialize(Model("kept-2", 0.7)) });
        }
        await using var restarted = await RankingServer.StartAsync($"Ranking:WeightsPath={path}");
        var served = await restarted.Client.GetWeightsAsync(new GetWeightsRequest());
        Assert.Equal("kept-2", served.Version);
        Assert.Equal("kept-1", served.PreviousVersion);
        Assert.Equal("kept-2", WeightsFile.Parse(served.WeightsJson).Version);

        var rolledBack = await restarted.Client.RollbackWeightsAsync(new RollbackWeightsRequest());
        Assert.Equal("kept-1", rolledBack.Version);
        Assert.Equal("", rolledBack.PreviousVersion);
        Assert.Equal("kept-1", (await restarted.Client.RankAsync(Requests.Typical(20, 5))).ModelVersion);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await restarted.Client.RollbackWeightsAsync(new RollbackWeightsRequest()));
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("no earlier weights", error.Status.Detail);
    }

    [Fact]
    public async Task An_invalid_weights_file_is_refused_with_the_problem_and_changes_nothing()
    {
        await using var server = await RankingServer.StartAsync($"Ranking:WeightsPath={Path.Combine(_folder, "weights.json")}");
        var json = WeightsFile.Serialize(Model("bad", 0.5)).Replace("\"popularity\"", "\"shoe_size\"", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Client.LoadWeightsAsync(new LoadWeightsRequest { WeightsJson = json }));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("shoe_size", error.Status.Detail);
        Assert.True((await server.Client.GetWeightsAsync(new GetWeightsRequest())).BuiltIn);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
