using Recommender.InterestModel.Estimation;
using Recommender.InterestModel.Estimation.Math;

namespace Recommender.InterestEval;

/// <summary>An estimated probability for every node of the synthetic world, with credible intervals where the method has them.</summary>
internal sealed record Estimate(double[] Probability, double[]? Lower = null, double[]? Upper = null)
{
    /// <summary>Reads an engine profile's long-term levels into world-node order.</summary>
    public static Estimate FromProfile(InterestProfile profile, IReadOnlyDictionary<string, int> nodeByPath, int nodeCount)
    {
        var p = new double[nodeCount];
        var lower = new double[nodeCount];
        var upper = new double[nodeCount];
        foreach (var level in profile.LongTerm)
        {
            foreach (var node in level.Nodes)
            {
                if (nodeByPath.TryGetValue(node.Path, out var index))
                {
                    p[index] = node.Probability;
                    lower[index] = node.Lower;
                    upper[index] = node.Upper;
                }
            }
        }
        return new Estimate(p, lower, upper);
    }

    /// <summary>Maximum likelihood: each node's share of the user's events.</summary>
    public static Estimate MaximumLikelihood(double[] counts) =>
        new(counts.Select(c => counts[0] > 0 ? c / counts[0] : 0).ToArray());

    /// <summary>
    /// The Dirichlet-tree posterior under the given pseudo-counts (the oracle when they are the generator's true
    /// ones): conditional means (α + n) / (A + N) multiplied down the tree; intervals from the Beta with the same
    /// mean and log-mean, as the library computes them.
    /// </summary>
    public static Estimate DirichletTree(SyntheticWorld world, double[] counts, double credibleLevel)
    {
        var n = world.Nodes.Count;
        var mean = new double[n];
        var logMean = new double[n];
        mean[0] = 1;
        foreach (var node in world.Nodes)
        {
            if (node.Children.Count == 0)
            {
                continue;
            }
            var total = node.Alphas.Sum() + node.Children.Sum(c => counts[c]);
            var digammaTotal = SpecialFunctions.Digamma(total);
            for (var k = 0; k < node.Children.Count; k++)
            {
                var child = node.Children[k];
                var a = node.Alphas[k] + counts[child];
                mean[child] = mean[node.Index] * a / total;
                logMean[child] = logMean[node.Index] + SpecialFunctions.Digamma(a) - digammaTotal;
            }
        }
        var lower = new double[n];
        var upper = new double[n];
        var tail = (1 - credibleLevel) / 2;
        for (var i = 0; i < n; i++)
        {
            var beta = BetaDistribution.FromMeanAndLogMean(mean[i], logMean[i]);
            lower[i] = beta?.Quantile(tail) ?? mean[i];
            upper[i] = beta?.Quantile(1 - tail) ?? mean[i];
        }
        return new Estimate(mean, lower, upper);
    }
}
