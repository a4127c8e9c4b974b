using System.Diagnostics;
using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Estimation;
using Recommender.InterestModel.Estimation.Math;

namespace Recommender.InterestEval;

/// <summary>Settings of the accuracy benchmark.</summary>
/// <param name="Seed">Seed of every random draw.</param>
/// <param name="TrainingUsers">Users the prior is fitted on (event counts log-uniform in [2, 200]).</param>
/// <param name="TestUsersPerSize">Fresh users per history size.</param>
/// <param name="Sizes">History sizes (events per test user).</param>
/// <param name="Shape">The world's tree shape and true hyperparameters.</param>
internal sealed record AccuracySettings(int Seed, int TrainingUsers, int TestUsersPerSize, int[] Sizes, WorldShape Shape);

/// <summary>Scores of every method at one history size.</summary>
internal sealed record SizeResult(int Events, IReadOnlyList<MethodScores> Methods)
{
    public MethodScores this[string name] => Methods.First(m => m.Name == name);
}

/// <summary>Result of the accuracy benchmark.</summary>
internal sealed record AccuracyResult(IReadOnlyList<SizeResult> Sizes, PriorFitSummary Fit, double FitSeconds, WorldShape Shape);

/// <summary>
/// Synthetic users with known interests: fit the prior on a training population, then estimate fresh users with
/// 5, 20 and 100 events by every method and compare with the truth.
/// </summary>
internal static class AccuracyBenchmark
{
    public const string Ours = "ours (empirical Bayes)";
    public const string OursDefaultWeights = "ours, default action weights";
    public const string Oracle = "oracle (true hyperparameters)";
    public const string MaximumLikelihood = "maximum likelihood";
    public const string Global = "global distribution";
    public const string Uniform = "uniform";

    public static AccuracyResult Run(AccuracySettings settings)
    {
        var shape = settings.Shape;
        var world = SyntheticWorld.Create(settings.Seed, shape);
        var sampler = new GammaSampler(settings.Seed + 1);
        var events = new SyntheticEvents(world, sampler);
        using var matched = new InterestEngine(EvalEngines.Options(equalActionWeights: true));
        using var weighted = new InterestEngine(EvalEngines.Options(equalActionWeights: false));
        events.RegisterItems(matched);
        events.RegisterItems(weighted);
        var nodeByPath = world.Nodes.Where(n => n.Depth > 0).ToDictionary(n => n.Path, n => n.Index);
        var level1 = world.AtDepth(1).Select(n => n.Index).ToArray();
        var level2 = world.AtDepth(2).Select(n => n.Index).ToArray();

        var pooled = new double[world.Nodes.Count];
        for (var u = 0; u < settings.TrainingUsers; u++)
        {
            var count = (int)System.Math.Round(System.Math.Exp(System.Math.Log(2) + sampler.NextUniform() * System.Math.Log(100)));
            var (userEvents, counts) = Simulate(world, events, sampler, $"train{u}", count);
            EvalEngines.Record(matched, userEvents);
            EvalEngines.Record(weighted, userEvents);
            for (var i = 0; i < pooled.Length; i++)
            {
                pooled[i] += counts[i];
            }
        }
        var watch = Stopwatch.StartNew();
        var fit = matched.RefitPrior();
        var fitSeconds = watch.Elapsed.TotalSeconds;
        weighted.RefitPrior();

        var global = new Estimate(pooled.Select(c => c / pooled[0]).ToArray());
        var uniform = new Estimate(new double[world.Nodes.Count]);
        foreach (var level in new[] { level1, level2 })
        {
            foreach (var i in level)
            {
                uniform.Probability[i] = 1.0 / level.Length;
            }
        }
        var credible = matched.Options.Estimation.CredibleLevel;
        var results = new List<SizeResult>();
        foreach (var size in settings.Sizes)
        {
            var scores = new[] { Ours, OursDefaultWeights, Oracle, MaximumLikelihood, Global, Uniform }.Select(n => new MethodScores(n)).ToList();
            for (var u = 0; u < settings.TestUsersPerSize; u++)
            {
                var userId = $"test{size}-{u}";
                var (userEvents, counts) = Simulate(world, events, sampler, userId, size, out var truth);
                EvalEngines.Record(matched, userEvents);
                EvalEngines.Record(weighted, userEvents);
                var asOf = userEvents[^1].Timestamp;
                scores[0].Add(Estimate.FromProfile(matched.GetInterests(userId, asOf), nodeByPath, world.Nodes.Count), truth, level1, level2);
                scores[1].Add(Estimate.FromProfile(weighted.GetInterests(userId, asOf), nodeByPath, world.Nodes.Count), truth, level1, level2);
                scores[2].Add(Estimate.DirichletTree(world, counts, credible), truth, level1, level2);
                scores[3].Add(Estimate.MaximumLikelihood(counts), truth, level1, level2);
                scores[4].Add(global, truth, level1, level2);
                scores[5].Add(uniform, truth, level1, level2);
            }
            results.Add(new SizeResult(size, scores));
        }
        return new AccuracyResult(results, fit, fitSeconds, shape);
    }

    private static (List<InterestEvent> Events, double[] Counts) Simulate(
        SyntheticWorld world, SyntheticEvents events, GammaSampler sampler, string userId, int count) =>
        Simulate(world, events, sampler, userId, count, out _);

    /// <summary>Draws a user and <paramref name="count"/> events; returns them and the event count under every node.</summary>
    private static (List<InterestEvent> Events, double[] Counts) Simulate(
        SyntheticWorld world, SyntheticEvents events, GammaSampler sampler, string userId, int count, out double[] truth)
    {
        var user = new SyntheticUser(world, sampler);
        truth = user.Marginals;
        var counts = new double[world.Nodes.Count];
        var list = new List<InterestEvent>(count);
        var time = events.NextStart();
        for (var e = 0; e < count; e++)
        {
            var leaf = user.SampleLeaf(sampler);
            for (var node = leaf; node >= 0; node = world.Nodes[node].Parent)
            {
                counts[node]++;
            }
            list.Add(events.Create(userId, leaf, time));
            time = events.Next(time);
        }
        return (list, counts);
    }
}
