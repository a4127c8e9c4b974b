using static Recommender.InterestEval.MarkdownTable;

namespace Recommender.InterestEval;

/// <summary>Prints benchmark results as markdown.</summary>
internal static class Report
{
    public static void Accuracy(AccuracyResult result)
    {
        Console.WriteLine("## Synthetic users with known interests");
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
            Console.WriteLine($"### {size.Events} events per user");
            Console.WriteLine();
            var table = new MarkdownTable("method", "JS level 1", "JS level 2", "recall@3 (level 2)", "90% coverage level 1", "90% coverage level 2");
            foreach (var m in size.Methods)
            {
                table.Row(m.Name, Number(m.Js1.Value), Number(m.Js2.Value), Percent(m.Recall3.Value), Percent(m.Coverage1.Value), Percent(m.Coverage2.Value));
            }
            Console.WriteLine(table);
        }
        Console.WriteLine("### Goals");
        Console.WriteLine();
        var goals = new MarkdownTable("events", "ours / oracle JS, level 1", "ours / oracle JS, level 2", "ours / ML JS, level 2", "coverage L1 / L2");
        foreach (var size in result.Sizes)
        {
            var ours = size[AccuracyBenchmark.Ours];
            var oracle = size[AccuracyBenchmark.Oracle];
            var ml = size[AccuracyBenchmark.MaximumLikelihood];
            goals.Row(size.Events.ToString(), Number(ours.Js1.Value / oracle.Js1.Value, 3), Number(ours.Js2.Value / oracle.Js2.Value, 3),
                Number(ours.Js2.Value / ml.Js2.Value, 3), $"{Percent(ours.Coverage1.Value)} / {Percent(ours.Coverage2.Value)}");
        }
        Console.WriteLine(goals);
    }
}
