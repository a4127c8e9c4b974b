using System.Diagnostics;
using Recommender.Ranking.Features;
using Recommender.Ranking.Model;
using Recommender.Ranking.Training;

namespace Recommender.RankingConsole;

/// <summary>Trains on lists drawn from known weights and prints what came back, and how long it took.</summary>
internal static class Synthetic
{
    private static readonly (RankingFeature Feature, double Coefficient, double Mean, double StdDev)[] Truth =
    [
        (RankingFeature.InterestSimilarity, 2.0, 0.5, 0.4),
        (RankingFeature.OverallSimilarity, -3.0, 0.3, 0.3),
        (RankingFeature.CategoryInterest, 1.5, 0.2, 0.4),
    ];

    public static int Run(Arguments arguments)
    {
        var lists = arguments.Int("lists", 3000);
        var size = arguments.Int("candidates", 20);
        var objective = Enum.Parse<TrainingObjective>(arguments.String("objective", "softmax"), ignoreCase: true);
        var random = new Random(arguments.Int("seed", 1));
        var data = new List<TrainingList>(lists);
        for (var l = 0; l < lists; l++)
        {
            var candidates = Enumerable.Range(0, size).Select(_ => Draw(random)).ToList();
            var scores = candidates.Select(Score).ToArray();
            if (objective == TrainingObjective.Logistic)
            {
                data.Add(new TrainingList(candidates, Enumerable.Range(0, size).Where(i => random.NextDouble() < 1 / (1 + Math.Exp(1 - scores[i]))).ToList()));
            }
            else
            {
                data.Add(new TrainingList(candidates, Choose(random, scores)));
            }
        }
        var watch = Stopwatch.StartNew();
        var result = RankingTrainer.Train(data, new TrainerOptions { Objective = objective, L2 = arguments.Double("l2", 1e-6), BalanceClasses = false });
        watch.Stop();
        Console.WriteLine($"{objective}: {result.Report.ListsUsed} lists, {result.Report.Candidates} candidates, {result.Report.Iterations} iterations, converged {result.Report.Converged}, loss {result.Report.Loss:F6}, {watch.Elapsed.TotalMilliseconds:F0} ms");
        foreach (var (feature, coefficient, _, _) in Truth)
        {
            var weight = result.Model.WeightOf(feature)!;
            Console.WriteLine($"  {RankingFeatures.Name(feature),-20} true {coefficient,6:F3}  fitted {weight.Weight / weight.StdDev,8:F4}");
        }
        return 0;
    }

    private static FeatureVector Draw(Random random)
    {
        var x = new FeatureVector();
        foreach (var (feature, _, mean, stdDev) in Truth)
        {
            x[feature] = mean + stdDev * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        }
        return x;
    }

    private static double Score(FeatureVector x) => Truth.Sum(t => t.Coefficient * x[t.Feature]!.Value);

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
}
