using Recommender.Ranking.Features;
using Recommender.Ranking.Model;
using Recommender.Ranking.Tests.Infrastructure;

namespace Recommender.Ranking.Tests;

public sealed class WeightsFileTests
{
    private const string Valid = """
        {
          "format": "recommender.ranking.weights",
          "formatVersion": 1,
          "version": "hand-1",
          "objective": "manual",
          "bias": 0.25,
          "features": [
            { "name": "interest_similarity", "weight": 2, "mean": 0.5, "stdDev": 0.25 },
            { "name": "covisitation", "weight": 1, "mean": 0, "stdDev": 1, "missingWeight": -0.3 }
          ]
        }
        """;

    [Fact]
    public void Parses_a_hand_written_file()
    {
        var model = WeightsFile.Parse(Valid);
        Assert.Equal("hand-1", model.Version);
        Assert.Null(model.Objective);
        Assert.Equal(0.25, model.Bias);
        Assert.Equal(new FeatureWeight(RankingFeature.Covisitation, 1, 0, 1, -0.3), model.WeightOf(RankingFeature.Covisitation));
        Assert.Equal(0, model.WeightOf(RankingFeature.InterestSimilarity)!.MissingWeight);
        Assert.Null(model.Training);
    }

    [Fact]
    public void Round_trips_every_field()
    {
        var original = new RankingModel("rt-1", TrainingObjective.Pairwise, 0.1,
            [new FeatureWeight(RankingFeature.Freshness, 0.1 + 0.2, 1.0 / 3, Math.PI, -1e-17)],
            new TrainingSummary(10, 200, 0.001, 7, 1.2345678901234567, true));
        var json = WeightsFile.Serialize(original);
        var copy = WeightsFile.Parse(json);
        Assert.Equal(original.Version, copy.Version);
        Assert.Equal(original.Objective, copy.Objective);
        Assert.Equal(original.Bias, copy.Bias);
        Assert.Equal(original.Weights, copy.Weights);
        Assert.Equal(original.Training, copy.Training);
        Assert.Equal(json, WeightsFile.Serialize(copy));
        Assert.Contains("\"objective\": \"pairwise\"", json);
    }

    [Fact]
    public void Built_in_model_round_trips() =>
        Assert.Equal(BuiltInModel.Instance.Weights, WeightsFile.Parse(WeightsFile.Serialize(BuiltInModel.Instance)).Weights);

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("null", "empty")]
    [InlineData("""{"format":"other","formatVersion":1,"version":"v","objective":"manual","bias":0,"features":[]}""", "\"format\" must be")]
    [InlineData("""{"format":"recommender.ranking.weights","formatVersion":2,"version":"v","objective":"manual","bias":0,"features":[]}""", "formatVersion\" 2 is not supported")]
    [InlineData("""{"format":"recommender.ranking.weights","formatVersion":1,"version":"","objective":"manual","bias":0,"features":[]}""", "\"version\" must be")]
    [InlineData("""{"format":"recommender.ranking.weights","formatVersion":1,"version":"v","objective":"magic","bias":0,"features":[]}""", "\"objective\" must be")]
    [InlineData("""{"format":"recommender.ranking.weights","formatVersion":1,"version":"v","objective":"manual","features":[]}""", "\"bias\" is missing")]
    [InlineData("""{"format":"recommender.ranking.weights","formatVersion":1,"version":"v","objective":"manual","bias":0,"features":[]}""", "at least one feature")]
    [InlineData("""{"format":"recommender.ranking.weights","formatVersion":1,"version":"v","objective":"manual","bias":0,"features":[{"name":"shoe_size","weight":1,"mean":0,"stdDev":1}]}""", "\"shoe_size\" is not a feature")]
    [InlineData("""{"format":"recommender.ranking.weights","formatVersion":1,"version":"v","objective":"manual","bias":0,"features":[{"name":"popularity","weight":1,"mean":0}]}""", "needs weight, mean and stdDev")]
    [InlineData("""{"format":"recommender.ranking.weights","formatVersion":1,"version":"v","objective":"manual","bias":0,"features":[{"name":"popularity","weight":1,"mean":0,"stdDev":0}]}""", "stdDev must be")]
    [InlineData("""{"format":"recommender.ranking.weights","formatVersion":1,"version":"v","objective":"manual","bias":0,"features":[{"name":"popularity","weight":1,"mean":0,"stdDev":1},{"name":"popularity","weight":1,"mean":0,"stdDev":1}]}""", "listed twice")]
    [InlineData("""{"format":"recommender.ranking.weights","formatVersion":1,"version":"v","objective":"manual","bias":NaN,"features":[]}""", "not valid JSON")]
    [InlineData("""{"format":"recommender.ranking.weights","formatVersion":1,"version":"v","objective":"manual","bias":0,"features":[],"extra":1}""", "not valid JSON")]
    public void Bad_files_are_rejected_with_the_reason(string json, string expected)
    {
        var error = Assert.Throws<WeightsFileException>(() => WeightsFile.Parse(json, "test.json"));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("ranking weights test.json:", error.Message);
    }

    [Fact]
    public void Unreadable_file_names_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");
        var error = Assert.Throws<WeightsFileException>(() => WeightsFile.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("cannot be read", error.Message);
    }

    [Fact]
    public void Hand_checked_model_survives_a_file()
    {
        var model = WeightsFile.Parse(WeightsFile.Serialize(TestModels.HandChecked));
        var x = FeatureVector.Of((RankingFeature.InterestSimilarity, 0.75));
        Assert.Equal(TestModels.HandChecked.Score(x), model.Score(x));
    }
}
