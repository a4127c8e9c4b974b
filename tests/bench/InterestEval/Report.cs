using static Recommender.InterestEval.MarkdownTable;

namespace Recommender.InterestEval;

/// <summary>Prints benchmark results as markdown.</summary>
internal static class Report
{
    public static void Accuracy(AccuracyResult result)
    {
        Console.WriteLine($"## Synthetic users with known interests: {result.Shape.Name}");
        Console.WriteLine();
        Console.WriteLine("Three-level tree (8 top-level categories, 3-6 children each, 2-5 leaves each); every user's conditional " +
                          "distribution at each node drawn from Dirichlet(s·m) with true strengths s = " +
                          string.Join(", ", result.Shape.StrengthPerDepth) + " at depths 0, 1, 2. The prior is fitted by empirical " +
                          $"Bayes on {result.Fit.Users} training users (2-200 events each) in {result.FitSeconds:F2} s; test users are fresh. " +
                          "JS = Jensen-Shannon divergence to the truth in bits (lower is better); recall@3 of the true top-3 level-2 " +
                          "categories; coverage = share of nodes whose true probability lies in the 90% credible interval. " +
                          "In this generator every action is equally informative (the category is drawn from the user's interests " +
                          "whatever the action), so \"ours\" runs with every action weight 1, the setting that matches the data; " +
                          "\"ours, default action weights\" shows the cost of weighting actions that carry no extra information " +
                          "(fewer effective events, intervals still calibrated). The oracle is the Dirichlet-tree posterior mean " +
                          "under the generator's true pseudo-counts, with intervals computed like ours.");
        Console.WriteLine();
        var fit = new MarkdownTable("depth of node", "true strength s", "fitted level strength", "median fitted node strength", "nodes fitted alone / with level strength");
        foreach (var level in result.Fit.Levels)
        {
            fit.Row(level.Depth.ToString(), Number(result.Shape.StrengthPerDepth[level.Depth], 2), Number(level.LevelStrength, 2),
                Number(level.MedianNodeStrength, 2), $"{level.NodesFittedIndividually} / {level.NodesWithLevelStrength}");
        }
        Console.WriteLine(fit);
        foreach (var size in result.Sizes)
        {
            Console.WriteLine($"### {size.Events} events per user ({result.Shape.Name})");
            Console.WriteLine();
            var table = new MarkdownTable("method", "JS level 1", "JS level 2", "recall@3 (level 2)", "90% coverage level 1", "90% coverage level 2");
            foreach (var m in size.Methods)
            {
                table.Row(m.Name, Number(m.Js1.Value), Number(m.Js2.Value), Percent(m.Recall3.Value), Percent(m.Coverage1.Value), Percent(m.Coverage2.Value));
            }
            Console.WriteLine(table);
        }
        Console.WriteLine($"### Goals ({result.Shape.Name})");
        Console.WriteLine();
        var goals = new MarkdownTable("events", "ours / oracle JS, level 1", "ours / oracle JS, level 2", "ours / ML JS, level 1", "ours / ML JS, level 2", "oracle / ML JS, level 2", "coverage L1 / L2");
        foreach (var size in result.Sizes)
        {
            var ours = size[AccuracyBenchmark.Ours];
            var oracle = size[AccuracyBenchmark.Oracle];
            var ml = size[AccuracyBenchmark.MaximumLikelihood];
            goals.Row(size.Events.ToString(), Number(ours.Js1.Value / oracle.Js1.Value, 3), Number(ours.Js2.Value / oracle.Js2.Value, 3),
                Number(ours.Js1.Value / ml.Js1.Value, 3), Number(ours.Js2.Value / ml.Js2.Value, 3), Number(oracle.Js2.Value / ml.Js2.Value, 3),
                $"{Percent(ours.Coverage1.Value)} / {Percent(ours.Coverage2.Value)}");
        }
        Console.WriteLine(goals);
    }

    public static void Drift(DriftResult result)
    {
        var settings = result.Settings;
        Console.WriteLine("## Drift detection");
        Console.WriteLine();
        Console.WriteLine($"{settings.UsersPerGroup} users per group and history length, same world and fitted prior. A shifted user follows " +
                          "their interests for H events, then a fresh draw from the population (redrawn until the level-2 JS to the old " +
                          $"interests is at least {settings.MinShiftDivergence} bits); a stable user keeps theirs. One event every " +
                          $"{SyntheticEvents.MeanGap.TotalHours:F0} hours on average (exponential gaps). The score is the log Bayes factor of " +
                          $"\"the last k events come from a new distribution\" (k averaged over 1..{result.Window}) against \"no change\"; " +
                          $"the flag (score above {result.Threshold}) is read after each of the {settings.EventsAfterShift} events after the " +
                          "shift point, and a false alarm is a stable user flagged at any of those checks.");
        Console.WriteLine();
        var table = new MarkdownTable("events before shift (H)", "median shift size (JS, level 2)", $"flagged within {settings.EventsAfterShift}",
            "median events to flag", "90th percentile", "false alarms (stable users)");
        foreach (var run in result.Runs)
        {
            var delays = run.Shifted.Select(s => DriftRun.FirstAbove(s, result.Threshold)).ToList();
            var found = delays.Where(d => d.HasValue).Select(d => d!.Value).OrderBy(d => d).ToList();
            var falseAlarms = run.Stable.Count(s => DriftRun.FirstAbove(s, result.Threshold).HasValue);
            table.Row(run.History.ToString(), Number(run.MedianShiftDivergence, 2), Percent(found.Count / (double)delays.Count),
                Quantile(delays, 0.5), Quantile(delays, 0.9), Percent(falseAlarms / (double)run.Stable.Count));
        }
        Console.WriteLine(table);
        Console.WriteLine("Threshold sweep (all history lengths pooled):");
        Console.WriteLine();
        var sweep = new MarkdownTable("threshold (ln Bayes factor)", $"flagged within {settings.EventsAfterShift}", "median events to flag", "false alarms");
        foreach (var threshold in new[] { 1.0, 2.0, 3.0, result.Threshold, 4.0, 5.0, 7.0 }.Distinct().Order())
        {
            var delays = result.Runs.SelectMany(r => r.Shifted).Select(s => DriftRun.FirstAbove(s, threshold)).ToList();
            var stable = result.Runs.SelectMany(r => r.Stable).ToList();
            sweep.Row(Number(threshold, 1), Percent(delays.Count(d => d.HasValue) / (double)delays.Count), Quantile(delays, 0.5),
                Percent(stable.Count(s => DriftRun.FirstAbove(s, threshold).HasValue) / (double)stable.Count));
        }
        Console.WriteLine(sweep);
    }

    /// <summary>A quantile of delays where "never flagged" counts as infinitely late.</summary>
    private static string Quantile(List<int?> delays, double q)
    {
        var sorted = delays.Select(d => d ?? int.MaxValue).Order().ToList();
        var value = sorted[System.Math.Min(sorted.Count - 1, (int)System.Math.Floor(q * sorted.Count))];
        return value == int.MaxValue ? "not flagged" : value.ToString();
    }

    public static void MovieLens(MovieLensResult result)
    {
        Console.WriteLine("## MovieLens (ml-latest-small)");
        Console.WriteLine();
        if (result.Methods is null)
        {
            Console.WriteLine($"Skipped: no MovieLens data at `{result.Directory}` (expected ratings.csv and movies.csv).");
            Console.WriteLine();
            return;
        }
        Console.WriteLine($"{result.Users} users, {result.Genres} genres (a one-level tree). Per user, the earlier 80% of their ratings (time order) " +
                          "are the history; the target is the genre distribution of the later 20%. A movie with several genres splits its mass " +
                          "evenly, in the estimate, the target and every baseline. The prior is fitted by empirical Bayes on all users' histories. " +
                          "Default settings: rating r in [0.5, 5] weighs 0.25 + 1.75 (r - 0.5) / 4.5, 90-day half-life. JS in bits (lower is better).");
        Console.WriteLine();
        var headers = new[] { "method", "JS (all users)", "recall@3 genres" }.Concat(result.Buckets.Select(b => $"JS, {b}")).ToArray();
        var table = new MarkdownTable(headers);
        foreach (var m in result.Methods)
        {
            table.Row(new[] { m.Name, Number(m.Js.Value), Percent(m.Recall3.Value) }
                .Concat(result.Buckets.Select(b => m.JsByBucket.TryGetValue(b, out var mean) ? $"{Number(mean.Value)} (n={mean.Count})" : "-")).ToArray());
        }
        Console.WriteLine(table);
        var ours = result.Methods.First(m => m.Name == MovieLensBenchmark.Ours).Js.Value;
        var bestBaseline = result.Methods.Where(m => m.Name is MovieLensBenchmark.OwnHistory or MovieLensBenchmark.Global).Min(m => m.Js.Value);
        Console.WriteLine($"Goal: ours {Number(ours)} against the better of own history and global {Number(bestBaseline)}: " +
                          $"{(ours < bestBaseline ? "met" : "missed")} ({Percent(1 - ours / bestBaseline)} lower).");
        Console.WriteLine();
    }

    public static void Cost(CostResult result)
    {
        Console.WriteLine("## Cost (default settings)");
        Console.WriteLine();
        Console.WriteLine($"{result.Users} synthetic users with {result.EventsPerUser} events each, {result.Items} items with " +
                          $"{result.EmbeddingDimension}-dimensional embeddings, one thread. Memory is the managed heap growth while " +
                          "recording (user statistics, evidence, recent visits and ids, co-visitation, popularity).");
        Console.WriteLine();
        var table = new MarkdownTable("measure", "value");
        table.Row("Record, events per second (one user's events per call)", Number(result.RecordEventsPerSecond, 0));
        table.Row($"RefitPrior over {result.Users} users, seconds", Number(result.FitSeconds, 2));
        table.Row("GetInterests, median / p99 microseconds", $"{Number(result.ProfileMicroseconds[0], 0)} / {Number(result.ProfileMicroseconds[1], 0)}");
        table.Row($"GetItemSignals ({result.Candidates} candidates), median / p99 microseconds", $"{Number(result.SignalMicroseconds[0], 0)} / {Number(result.SignalMicroseconds[1], 0)}");
        table.Row("state per user, bytes", Number(result.StateBytesPerUser, 0));
        table.Row("snapshot per user, bytes", Number(result.SnapshotBytesPerUser, 0));
        Console.WriteLine(table);
    }

    public static void Goals(IReadOnlyList<AccuracyResult> accuracy, DriftResult drift, MovieLensResult movieLens)
    {
        Console.WriteLine("## Goals of the issue");
        Console.WriteLine();
        var table = new MarkdownTable("goal", "measured", "verdict");
        foreach (var world in accuracy)
        {
            var ratios = world.Sizes.SelectMany(s => new[]
            {
                s[AccuracyBenchmark.Ours].Js1.Value / s[AccuracyBenchmark.Oracle].Js1.Value,
                s[AccuracyBenchmark.Ours].Js2.Value / s[AccuracyBenchmark.Oracle].Js2.Value,
            }).ToList();
            table.Row($"JS within 10% of the oracle at 5, 20, 100 events ({world.Shape.Name})",
                $"ours / oracle between {Number(ratios.Min(), 3)} and {Number(ratios.Max(), 3)}", Verdict(ratios.Max() <= 1.1));
            var five = world.Sizes.First(s => s.Events == 5);
            var ml1 = five[AccuracyBenchmark.Ours].Js1.Value / five[AccuracyBenchmark.MaximumLikelihood].Js1.Value;
            var ml2 = five[AccuracyBenchmark.Ours].Js2.Value / five[AccuracyBenchmark.MaximumLikelihood].Js2.Value;
            var oracle2 = five[AccuracyBenchmark.Oracle].Js2.Value / five[AccuracyBenchmark.MaximumLikelihood].Js2.Value;
            table.Row($"at 5 events at most half of maximum likelihood's JS ({world.Shape.Name})",
                $"ours / ML: level 1 {Number(ml1, 3)}, level 2 {Number(ml2, 3)} (the oracle: {Number(oracle2, 3)} at level 2)",
                Verdict(ml1 <= 0.5 && ml2 <= 0.5));
            var coverage = world.Sizes.SelectMany(s => new[] { s[AccuracyBenchmark.Ours].Coverage1.Value, s[AccuracyBenchmark.Ours].Coverage2.Value }).ToList();
            table.Row($"90% intervals cover 85-95% ({world.Shape.Name})", $"{Percent(coverage.Min())} to {Percent(coverage.Max())}",
                Verdict(coverage.Min() >= 0.85 && coverage.Max() <= 0.95));
        }
        var detected = drift.Runs.Select(r => r.Shifted.Count(s => DriftRun.FirstAbove(s, drift.Threshold).HasValue) / (double)r.Shifted.Count).ToList();
        var falseAlarms = drift.Runs.Select(r => r.Stable.Count(s => DriftRun.FirstAbove(s, drift.Threshold).HasValue) / (double)r.Stable.Count).ToList();
        table.Row("shifts flagged within 20 events, at most 5% false alarms",
            $"flagged within 20: {string.Join(", ", detected.Select(d => Percent(d)))}; false alarms {string.Join(", ", falseAlarms.Select(f => Percent(f)))} (H = {string.Join(", ", drift.Runs.Select(r => r.History))})",
            Verdict(detected.Min() >= 0.9 && falseAlarms.Max() <= 0.05));
        if (movieLens.Methods is { } methods)
        {
            var ours = methods.First(m => m.Name == MovieLensBenchmark.Ours).Js.Value;
            var best = methods.Where(m => m.Name is MovieLensBenchmark.OwnHistory or MovieLensBenchmark.Global).Min(m => m.Js.Value);
            table.Row("MovieLens: lower JS than the better of own history and global", $"{Number(ours)} against {Number(best)}", Verdict(ours < best));
        }
        else
        {
            table.Row("MovieLens: lower JS than the better of own history and global", "data absent", "skipped");
        }
        Console.WriteLine(table);
        Console.WriteLine("\"Flagged within 20 events\" is read as at least 90% of injected shifts flagged within 20 events.");
        Console.WriteLine();
    }

    private static string Verdict(bool met) => met ? "met" : "missed";
}
