using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Engine;
using Recommender.InterestModel.Estimation.Math;

namespace Recommender.InterestEval;

/// <summary>Settings of the drift benchmark.</summary>
/// <param name="Seed">Seed of every random draw.</param>
/// <param name="TrainingUsers">Users the prior is fitted on.</param>
/// <param name="UsersPerGroup">Users with a shift, and as many without.</param>
/// <param name="HistoryLengths">Events before the shift point.</param>
/// <param name="EventsAfterShift">Events after the shift point; the drift flag is checked after each.</param>
/// <param name="MinShiftDivergence">A shift redraws the user's interests until level-2 JS to the old ones is at least this.</param>
internal sealed record DriftSettings(int Seed, int TrainingUsers, int UsersPerGroup, int[] HistoryLengths, int EventsAfterShift, double MinShiftDivergence);

/// <summary>Drift scores after each event following the shift point, per user, for shifted and stable users.</summary>
internal sealed record DriftRun(int History, List<double[]> Shifted, List<double[]> Stable, double MedianShiftDivergence)
{
    /// <summary>First check (1-based) whose score exceeds the threshold, or null.</summary>
    public static int? FirstAbove(double[] scores, double threshold)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] > threshold)
            {
                return i + 1;
            }
        }
        return null;
    }
}

/// <summary>Result of the drift benchmark.</summary>
internal sealed record DriftResult(IReadOnlyList<DriftRun> Runs, double Threshold, int Window, DriftSettings Settings);

/// <summary>
/// Injects interest shifts: users follow their interests for H events, then (shifted group) a fresh draw from the
/// population; the drift score is read after every following event. Stable users keep their interests, so any
/// flag in the same window is a false alarm.
/// </summary>
internal static class DriftBenchmark
{
    public static DriftResult Run(DriftSettings settings)
    {
        var world = SyntheticWorld.Create(settings.Seed, WorldShape.Concentrated);
        var sampler = new GammaSampler(settings.Seed + 2);
        var events = new SyntheticEvents(world, sampler);
        // Only the drift score is read; a high reporting threshold keeps each profile cheap.
        using var engine = new InterestEngine(EvalEngines.Options(equalActionWeights: true, minReportedProbability: 0.05));
        events.RegisterItems(engine);
        for (var u = 0; u < settings.TrainingUsers; u++)
        {
            var user = new SyntheticUser(world, sampler);
            var count = (int)System.Math.Round(System.Math.Exp(System.Math.Log(2) + sampler.NextUniform() * System.Math.Log(100)));
            EvalEngines.Record(engine, Stream(events, sampler, $"train{u}", [(user, count)]));
        }
        engine.RefitPrior();
        var level2 = world.AtDepth(2).Select(n => n.Index).ToArray();
        var runs = new List<DriftRun>();
        foreach (var history in settings.HistoryLengths)
        {
            var shifted = new List<double[]>();
            var stable = new List<double[]>();
            var divergences = new List<double>();
            for (var u = 0; u < settings.UsersPerGroup; u++)
            {
                var before = new SyntheticUser(world, sampler);
                var after = DrawShift(world, sampler, before, level2, settings.MinShiftDivergence, out var divergence);
                divergences.Add(divergence);
                shifted.Add(Scores(engine, Stream(events, sampler, $"shift{history}-{u}", [(before, history), (after, settings.EventsAfterShift)]), history));
                stable.Add(Scores(engine, Stream(events, sampler, $"stable{history}-{u}", [(before, history + settings.EventsAfterShift)]), history));
            }
            divergences.Sort();
            runs.Add(new DriftRun(history, shifted, stable, divergences[divergences.Count / 2]));
        }
        return new DriftResult(runs, engine.Options.Estimation.DriftThreshold, engine.Options.Estimation.DriftWindowEvents, settings);
    }

    private static SyntheticUser DrawShift(SyntheticWorld world, GammaSampler sampler, SyntheticUser before, int[] level2, double minDivergence, out double divergence)
    {
        var oldLevel = level2.Select(i => before.Marginals[i]).ToArray();
        SyntheticUser after;
        var attempts = 0;
        do
        {
            after = new SyntheticUser(world, sampler);
            divergence = Metrics.JensenShannon(oldLevel, level2.Select(i => after.Marginals[i]).ToArray());
        }
        while (divergence < minDivergence && ++attempts < 1000);
        return after;
    }

    /// <summary>Events of one user following a sequence of (interests, event count) phases.</summary>
    private static List<InterestEvent> Stream(SyntheticEvents events, GammaSampler sampler, string userId, (SyntheticUser User, int Count)[] phases)
    {
        var list = new List<InterestEvent>();
        var time = events.NextStart();
        foreach (var (user, count) in phases)
        {
            for (var e = 0; e < count; e++)
            {
                list.Add(events.Create(userId, user.SampleLeaf(sampler), time));
                time = events.Next(time);
            }
        }
        return list;
    }

    /// <summary>Records the first <paramref name="history"/> events, then each later one, reading the drift score after each.</summary>
    private static double[] Scores(InterestEngine engine, List<InterestEvent> events, int history)
    {
        EvalEngines.Record(engine, events.Take(history).ToList());
        var scores = new double[events.Count - history];
        for (var i = history; i < events.Count; i++)
        {
            engine.Record([events[i]]);
            scores[i - history] = engine.GetInterests(events[i].UserId, events[i].Timestamp).Drift.Score;
        }
        return scores;
    }
}
