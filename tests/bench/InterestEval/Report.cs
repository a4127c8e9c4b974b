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
                          "categories; coverage = share of nodes whose true probability lies in the 90% credible interval.");
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
}
