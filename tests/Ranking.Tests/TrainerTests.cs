using Recommender.Ranking.Features;
using Recommender.Ranking.Model;
using Recommender.Ranking.Training;

namespace Recommender.Ranking.Tests;

public sealed class TrainerTests
{
    // True coefficients on the raw values (identity-transform features).
    private static readonly (RankingFeature Feature, double Coefficient, double Mean, double StdDev)[] Truth =
    [
        (RankingFeature.InterestSimilarity, 2.0, 0.5, 0.4),
        (RankingFeature.OverallSimilarity, -3.0, 0.3, 0.3),
        (RankingFeature.CategoryInterest, 1.5, 0.2, 0.4),
    ];

    private static FeatureVector Draw(Random random)
    {
        var x = new FeatureVector();
        foreach (var (feature, _, mean, stdDev) in Truth)
        {
            x[feature] = mean + stdDev * Gaussian(random);
        }
        return x;
    }

    private static double TrueScore(FeatureVector x) => Truth.Sum(t => t.Coefficient * x[t.Feature]!.Value);

    /// <summary>The model's coefficient on the raw value: weight / stdDev.</summary>
    private static double RawCoefficient(RankingModel model, RankingFeature feature) =>
        model.WeightOf(feature)!.Weight / model.WeightOf(feature)!.StdDev;

    [Fact]
    public void Logistic_recovers_known_weights()
    {
        var random = new Random(1);
        const double intercept = -1.0;
        var lists = new List<TrainingList>();
        for (var l = 0; l < 5000; l++)
        {
            var candidates = Enumerable.Range(0, 10).Select(_ => Draw(random)).ToList();
            var positives = candidates.Select((x, i) => (x, i))
                .Where(c => random.NextDouble() < Sigmoid(intercept + TrueScore(c.x))).Select(c => c.i).ToList();
            lists.Add(new TrainingList(candidates, positives));
        }
        var result = RankingTrainer.Train(lists, new TrainerOptions { Objective = TrainingObjective.Logistic, BalanceClasses = false, L2 = 1e-6 });

        Assert.True(result.Report.Converged);
        foreach (var (feature, coefficient, _, _) in Truth)
        {
            Assert.Equal(coefficient, RawCoefficient(result.Model, feature), 0.15);
        }
        var rawIntercept = result.Model.Bias - result.Model.Weights.Sum(w => w.Weight * w.Mean / w.StdDev);
        Assert.Equal(intercept, rawIntercept, 0.15);
        Assert.Equal(TrainingObjective.Logistic, result.Model.Objective);
    }

    [Fact]
    public void Softmax_recovers_known_weights_from_held_out_positives()
    {
        var random = new Random(2);
        var lists = new List<TrainingList>();
        for (var l = 0; l < 3000; l++)
        {
            var candidates = Enumerable.Range(0, 20).Select(_ => Draw(random)).ToList();
            lists.Add(new TrainingList(candidates, Choose(random, candidates.Select(TrueScore).ToArray())));
        }
        var result = RankingTrainer.Train(lists, new TrainerOptions { Objective = TrainingObjective.Softmax, L2 = 1e-6 });

        Assert.True(result.Report.Converged);
        Assert.Equal(0, result.Model.Bias);
        foreach (var (feature, coefficient, _, _) in Truth)
        {
            Assert.Equal(coefficient, RawCoefficient(result.Model, feature), 0.15);
        }
    }

    [Fact]
    public void Pairwise_recovers_known_weights_from_pairs()
    {
        var random = new Random(3);
        var lists = new List<TrainingList>();
        for (var l = 0; l < 20000; l++)
        {
            FeatureVector a = Draw(random), b = Draw(random);
            lists.Add(new TrainingList([a, b], random.NextDouble() < Sigmoid(TrueScore(a) - TrueScore(b)) ? 0 : 1));
        }
        var result = RankingTrainer.Train(lists, new TrainerOptions { Objective = TrainingObjective.Pairwise, L2 = 1e-6 });

        Assert.True(result.Report.Converged);
        foreach (var (feature, coefficient, _, _) in Truth)
        {
            Assert.Equal(coefficient, RawCoefficient(result.Model, feature), 0.15);
        }
    }

    [Fact]
    public void Learns_a_weight_for_absence()
    {
        // Category interest is absent for half the candidates; absence itself costs −1 in the true score.
        var random = new Random(4);
        var lists = new List<TrainingList>();
        for (var l = 0; l < 3000; l++)
        {
            var candidates = new List<FeatureVector>();
            var scores = new List<double>();
            for (var i = 0; i < 10; i++)
            {
                var x = FeatureVector.Of((RankingFeature.InterestSimilarity, Gaussian(random)));
                var score = 1.0 * x[RankingFeature.InterestSimilarity]!.Value;
                if (random.NextDouble() < 0.5)
                {
                    score -= 1.0;
                }
                else
                {
                    x[RankingFeature.CategoryInterest] = Gaussian(random);
                    score += 0.5 * x[RankingFeature.CategoryInterest]!.Value;
                }
                candidates.Add(x);
                scores.Add(score);
            }
            lists.Add(new TrainingList(candidates, Choose(random, [.. scores])));
        }
        var result = RankingTrainer.Train(lists, new TrainerOptions { L2 = 1e-6 });
        var category = result.Model.WeightOf(RankingFeature.CategoryInterest)!;
        // The missing weight is relative to the imputed mean (a standardised 0).
        Assert.Equal(-1.0 - 0.5 * category.Mean, category.MissingWeight, 0.15);
        Assert.Equal(0.5, category.Weight / category.StdDev, 0.1);
        Assert.Equal(0.5, result.Report.Coverage[RankingFeature.CategoryInterest], 0.02);
        Assert.Null(result.Model.WeightOf(RankingFeature.Popularity)); // never present: not in the model
        Assert.Equal(0, result.Report.Coverage[RankingFeature.Popularity]);
    }

    [Fact]
    public void Deterministic_and_round_trips_through_the_weights_file()
    {
        var lists = SmallLists(6);
        var first = RankingTrainer.Train(lists);
        var second = RankingTrainer.Train(lists);
        var json = WeightsFile.Serialize(first.Model);
        Assert.Equal(json, WeightsFile.Serialize(second.Model));
        Assert.StartsWith("softmax-", first.Model.Version);

        var path = Path.Combine(Path.GetTempPath(), $"ranking-weights-{Guid.NewGuid():N}", "weights.json");
        try
        {
            WeightsFile.Save(first.Model, path);
            var loaded = WeightsFile.Load(path);
            Assert.Equal(first.Model.Version, loaded.Version);
            Assert.Equal(first.Model.Training, loaded.Training);
            foreach (var list in lists)
            {
                foreach (var candidate in list.Candidates)
                {
                    Assert.Equal(first.Model.Score(candidate), loaded.Score(candidate));
                }
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void Skips_lists_without_a_positive_or_a_negative()
    {
        var lists = SmallLists(7).ToList();
        var x = FeatureVector.Of((RankingFeature.Popularity, 0.5));
        lists.Add(new TrainingList([x, x], []));
        lists.Add(new TrainingList([x], 0));
        var result = RankingTrainer.Train(lists);
        Assert.Equal(2, result.Report.ListsSkipped);
        Assert.Equal(lists.Count - 2, result.Report.ListsUsed);
        Assert.Equal(result.Report.ListsUsed, result.Model.Training!.Lists);
    }

    [Fact]
    public void Feature_subset_and_explicit_version()
    {
        var result = RankingTrainer.Train(SmallLists(8), new TrainerOptions
        {
            Features = [RankingFeature.InterestSimilarity],
            FitMissingWeights = false,
            Version = "ablation-1",
        });
        Assert.Equal("ablation-1", result.Model.Version);
        var only = Assert.Single(result.Model.Weights);
        Assert.Equal(RankingFeature.InterestSimilarity, only.Feature);
        Assert.Equal(0, only.MissingWeight);
    }

    [Fact]
    public void Rejects_bad_input()
    {
        var x = new FeatureVector();
        Assert.Contains("outside", Assert.Throws<ArgumentException>(() => RankingTrainer.Train([new TrainingList([x, x], 2)])).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => RankingTrainer.Train([new TrainingList([x, x, x], [1, 1])])).Message);
        Assert.Contains("none of the 1 lists", Assert.Throws<ArgumentException>(() => RankingTrainer.Train([new TrainingList([x], 0)])).Message);
        Assert.Contains("L2", Assert.Throws<ArgumentException>(() => RankingTrainer.Train(SmallLists(1), new TrainerOptions { L2 = 0 })).Message);
        Assert.Contains("MaxIterations", Assert.Throws<ArgumentException>(() => RankingTrainer.Train(SmallLists(1), new TrainerOptions { MaxIterations = 0 })).Message);
    }

    private static List<TrainingList> SmallLists(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 50).Select(_ =>
        {
            var candidates = Enumerable.Range(0, 8).Select(_ => Draw(random)).ToList();
            candidates[0][RankingFeature.Covisitation] = random.NextDouble();
            return new TrainingList(candidates, Choose(random, candidates.Select(TrueScore).ToArray()));
        }).ToList();
    }

    private static int Choose(Random random, double[] scores)
    {
        var max = scores.Max();
        var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
        var u = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u <= 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }

    private static double Sigmoid(double s) => 1 / (1 + Math.Exp(-s));

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
