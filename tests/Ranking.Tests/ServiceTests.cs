using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Ranking.Features;
using Recommender.Ranking.Model;
using Recommender.Ranking.Tests.Infrastructure;
using Recommender.Ranking.Training;

namespace Recommender.Ranking.Tests;

/// <summary>The ranking process on loopback, called with the generated client.</summary>
public sealed class ServiceTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ranking-service-{Guid.NewGuid():N}");
    private RankingServer _server = null!;
    private RankingModel _model = null!;

    public async Task InitializeAsync()
    {
        // Weights written by the trainer, loaded by the service from configuration.
        var random = new Random(9);
        var lists = Enumerable.Range(0, 40).Select(_ =>
        {
            var candidates = Enumerable.Range(0, 6).Select(_ => FeatureVector.Of(
                (RankingFeature.InterestSimilarity, random.NextDouble()), (RankingFeature.Popularity, random.NextDouble()))).ToList();
            var best = candidates.Select((c, i) => (c[RankingFeature.InterestSimilarity]!.Value + random.NextDouble() * 0.3, i)).Max().i;
            return new TrainingList(candidates, best);
        }).ToList();
        _model = RankingTrainer.Train(lists).Model;
        WeightsFile.Save(_model, Path.Combine(_folder, "weights.json"));
        _server = await RankingServer.StartAsync($"Ranking:WeightsPath={Path.Combine(_folder, "weights.json")}", "Ranking:MaxK=100");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Ranks_with_the_trained_weights()
    {
        var response = await _server.Client.RankAsync(Requests.Typical(30, 10));
        Assert.Equal(_model.Version, response.ModelVersion);
        Assert.Equal(10, response.Items.Count);
        Assert.Equal(10, response.Items.Select(i => i.ItemId).Distinct().Count());
        Assert.All(response.Items, i =>
        {
            Assert.NotEmpty(i.Reason.Text);
            Assert.InRange(i.Probability, 0, 1);
            Assert.Equal(i.Score - _model.Bias, i.Contributions.Sum(c => c.Contribution), 1e-9);
        });
    }

    [Fact]
    public async Task Freshness_is_measured_from_as_of_when_given()
    {
        var request = Requests.Typical(5, 5);
        var created = new DateTimeOffset(2016, 3, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var candidate in request.Candidates)
        {
            candidate.CreatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(created);
        }
        static double Freshness(RankResponse response) =>
            response.Items.SelectMany(i => i.Contributions).First(c => c.Feature == RankingFeatures.Name(RankingFeature.Freshness)).Value;

        await using var builtIn = await RankingServer.StartAsync($"Ranking:WeightsPath={Path.Combine(_folder, "absent.json")}");
        var today = await builtIn.Client.RankAsync(request);
        request.AsOf = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(created.AddDays(1));
        var thatDay = await builtIn.Client.RankAsync(request);
        Assert.True(Freshness(today) < 0.01, $"items from 2016 are not fresh today ({Freshness(today)})");
        Assert.True(Freshness(thatDay) > 0.9, $"a day-old item is fresh as of the next day ({Freshness(thatDay)})");
    }

    [Fact]
    public async Task Metrics_count_candidates_and_latency()
    {
        await _server.Client.RankAsync(Requests.Typical(12, 3));
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{_server.HttpPort}/metrics");
        Assert.Contains("ranking_candidates", metrics);
        Assert.Contains("ranking_rank_duration", metrics);
    }

    public static TheoryData<string> BadRequests => new(BadInput.Keys);

    private static readonly Dictionary<string, (Action<RankRequest> Break, string[] Expected)> BadInput = new()
    {
        ["empty candidates"] = (r => r.Candidates.Clear(), ["candidates must hold 1 to 2000 items, got 0"]),
        ["too many candidates"] = (r => r.Candidates.AddRange(Enumerable.Range(0, 2001 - r.Candidates.Count).Select(i => Requests.Candidate($"extra{i}"))),
            ["candidates must hold 1 to 2000 items, got 2001"]),
        ["duplicate ids"] = (r => r.Candidates[2].ItemId = r.Candidates[0].ItemId, ["candidates[2].item_id", "repeats candidates[0]"]),
        ["empty id"] = (r => r.Candidates[1].ItemId = "", ["candidates[1].item_id must be 1 to 128 characters"]),
        ["k zero"] = (r => r.K = 0, ["k must be 1 to 100, got 0"]),
        ["k negative"] = (r => r.K = -3, ["k must be 1 to 100, got -3"]),
        ["k above limit"] = (r => r.K = 101, ["k must be 1 to 100, got 101"]),
        ["temperature zero"] = (r => r.Options.Temperature = 0, ["options.temperature must be a finite number above 0, got 0"]),
        ["temperature negative"] = (r => r.Options.Temperature = -1, ["options.temperature", "got -1"]),
        ["temperature NaN"] = (r => r.Options.Temperature = double.NaN, ["options.temperature", "NaN"]),
        ["diversity above 1"] = (r => r.Options.DiversityLambda = 1.5, ["options.diversity_lambda must be in [0, 1], got 1.5"]),
        ["calibration below 0"] = (r => r.Options.CalibrationWeight = -0.1, ["options.calibration_weight must be in [0, 1], got -0.1"]),
        ["vector dimensions"] = (r => { r.Candidates[4].Vector.Clear(); r.Candidates[4].Vector.AddRange([1f, 2f]); },
            ["candidates[4].vector has 2 dimensions but user.interests[0].vector has 3"]),
        ["interest vector dimensions"] = (r => r.User.Interests[0].Vector.Add(1f), ["user.overall_vector has 3 dimensions but user.interests[0].vector has 4"]),
        ["NaN in vector"] = (r => r.Candidates[1].Vector[2] = float.NaN, ["candidates[1].vector[2] is NaN"]),
        ["zero vector"] = (r => { r.Candidates[1].Vector.Clear(); r.Candidates[1].Vector.AddRange([0f, 0f, 0f]); }, ["candidates[1].vector is all zero"]),
        ["NaN popularity"] = (r => r.Candidates[0].Popularity = double.NaN, ["candidates[0].popularity must be in [0, 1], got NaN"]),
        ["popularity above 1"] = (r => r.Candidates[0].Popularity = 3, ["candidates[0].popularity must be in [0, 1], got 3"]),
        ["negative covisitation"] = (r => r.Candidates[0].Covisitation = -1, ["candidates[0].covisitation must be a finite number of at least 0"]),
        ["NaN retrieval score"] = (r => r.Candidates[0].RetrievalScore = double.NaN, ["candidates[0].retrieval_score must be finite"]),
        ["NaN category probability"] = (r => r.User.Categories[1].Probability = double.NaN, ["user.categories[1].probability must be in [0, 1], got NaN"]),
        ["bad category path"] = (r => r.Candidates[0].CategoryPath = "Movies//Crime", ["candidates[0].category_path", "non-empty segments"]),
        ["duplicate interest"] = (r => r.User.Interests.Add(r.User.Interests[0].Clone()), ["user.interests[1].interest_id \"i1\" is listed twice"]),
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_invalid_argument_naming_the_field_and_limit(string name)
    {
        var (breakRequest, expected) = BadInput[name];
        var request = Requests.Typical(10, 5);
        breakRequest(request);
        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Client.RankAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        foreach (var part in expected)
        {
            Assert.Contains(part, error.Status.Detail);
        }
    }

    [Fact]
    public async Task K_above_the_candidates_is_clamped_not_rejected()
    {
        var response = await _server.Client.RankAsync(Requests.Typical(4, 50));
        Assert.Equal(4, response.Items.Count);
        Assert.Contains(response.Notes, n => n.StartsWith("k=50 is more than the 4 candidates"));
    }
}

/// <summary>Starting with an absent or invalid weights file.</summary>
public sealed class WeightsLoadingTests
{
    [Fact]
    public async Task Absent_file_means_the_built_in_weights()
    {
        await using var server = await RankingServer.StartAsync($"Ranking:WeightsPath={Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.json")}");
        var response = await server.Client.RankAsync(Requests.Typical(5, 2));
        Assert.Equal(BuiltInModel.Version, response.ModelVersion);
    }

    [Fact]
    public async Task Invalid_file_stops_the_start()
    {
        var path = Path.Combine(Path.GetTempPath(), $"invalid-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{\"format\": \"something else\"}");
        try
        {
            var error = await Assert.ThrowsAsync<WeightsFileException>(() => RankingServer.StartAsync($"Ranking:WeightsPath={path}"));
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Invalid_setting_stops_the_start_naming_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RankingServer.StartAsync("Ranking:Temperature=0"));
        Assert.Contains("Ranking:Temperature must be a finite number above 0", error.Message);
    }
}
