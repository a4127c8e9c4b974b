using static Recommender.InterestModel.Estimation.Math.SpecialFunctions;

namespace Recommender.InterestModel.Estimation;

/// <summary>
/// Empirical Bayes for the Dirichlet tree: at each node, the pseudo-counts α over its children that maximise the
/// Dirichlet-multinomial (Pólya) marginal likelihood of all users' effective counts there, by Minka's fixed point
/// αₖ ← αₖ · Σᵢ[ψ(nᵢₖ + αₖ) − ψ(αₖ)] / Σᵢ[ψ(Nᵢ + A) − ψ(A)] (A = Σα), started from the users' average
/// proportions and the strength that maximises the likelihood along them (Newton). A node with fewer than
/// <see cref="EstimationOptions.MinUsersForNodePrior"/> users takes its centre from the users' average proportions
/// and the strength fitted jointly over all nodes of its depth.
/// </summary>
public static class PriorFitter
{
    // Keeps a fitted pseudo-count strictly positive so later digamma and Beta computations stay defined.
    private const double MinAlpha = 1e-6;
    // Smoothing of the average proportions used as a node's centre.
    private const double CentreSmoothing = 1e-3;

    /// <summary>Fits the prior to <paramref name="data"/>.</summary>
    public static PopulationPrior Fit(PriorFitData data, EstimationOptions options)
    {
        var problems = data.ByNode
            .Where(pair => pair.Value.UserCount > 0)
            .OrderBy(pair => pair.Key)
            .Select(pair => new NodeProblem(pair.Key, pair.Value))
            .ToList();
        var fitted = new Dictionary<int, FittedNodePrior>(problems.Count);
        var levels = new List<PriorLevelFit>();
        foreach (var group in problems.GroupBy(p => p.Depth).OrderBy(g => g.Key))
        {
            var nodes = group.ToList();
            var levelStrength = FitStrength(nodes, options.DefaultPriorStrength, options);
            var individual = new List<double>();
            var shared = 0;
            foreach (var problem in nodes)
            {
                double[] alphas;
                if (problem.UserCount >= options.MinUsersForNodePrior && problem.Keys.Length > 1)
                {
                    alphas = FitFull(problem, options);
                    individual.Add(alphas.Sum());
                }
                else
                {
                    alphas = problem.Centre.Select(m => System.Math.Max(MinAlpha, m * levelStrength)).ToArray();
                    shared++;
                }
                var byKey = new Dictionary<int, double>(problem.Keys.Length);
                for (var k = 0; k < problem.Keys.Length; k++)
                {
                    byKey[problem.Keys[k]] = alphas[k];
                }
                fitted[problem.Node] = new FittedNodePrior(byKey);
            }
            individual.Sort();
            var median = individual.Count == 0 ? double.NaN : individual[individual.Count / 2];
            levels.Add(new PriorLevelFit(group.Key, individual.Count, shared, levelStrength, median));
        }
        return new PopulationPrior(fitted, new PriorFitSummary(data.Users, levels));
    }

    /// <summary>
    /// The strength s maximising the likelihood of the nodes' data with each node's α = s · centre: Newton's method
    /// on ln s (the log-likelihood is smooth and, in practice, unimodal in s), falling back to halving the step when
    /// a step does not increase the likelihood's slope towards zero.
    /// </summary>
    private static double FitStrength(IReadOnlyList<NodeProblem> nodes, double initial, EstimationOptions options)
    {
        var u = System.Math.Log(System.Math.Clamp(initial, options.MinPriorStrength, options.MaxPriorStrength));
        var lowest = System.Math.Log(options.MinPriorStrength);
        var highest = System.Math.Log(options.MaxPriorStrength);
        for (var iteration = 0; iteration < options.PriorFitMaxIterations; iteration++)
        {
            var (gradient, curvature) = StrengthDerivatives(nodes, System.Math.Exp(u));
            if (gradient == 0)
            {
                break;
            }
            // Newton when the curvature says we are near a maximum, otherwise a bounded step uphill.
            var step = curvature < 0 ? -gradient / curvature : System.Math.Sign(gradient);
            step = System.Math.Clamp(step, -2, 2);
            var next = System.Math.Clamp(u + step, lowest, highest);
            if (System.Math.Abs(next - u) <= options.PriorFitTolerance)
            {
                u = next;
                break;
            }
            u = next;
            if (u <= lowest || u >= highest)
            {
                break;
            }
        }
        return System.Math.Exp(u);
    }

    /// <summary>First and second derivative of the log-likelihood with respect to u = ln s.</summary>
    private static (double Gradient, double Curvature) StrengthDerivatives(IReadOnlyList<NodeProblem> nodes, double s)
    {
        double first = 0, second = 0; // d/ds and d²/ds²
        foreach (var p in nodes)
        {
            var digammaS = Digamma(s);
            var trigammaS = Trigamma(s);
            var digammaAlpha = new double[p.Keys.Length];
            var trigammaAlpha = new double[p.Keys.Length];
            for (var k = 0; k < digammaAlpha.Length; k++)
            {
                var alpha = System.Math.Max(MinAlpha, s * p.Centre[k]);
                digammaAlpha[k] = Digamma(alpha);
                trigammaAlpha[k] = Trigamma(alpha);
            }
            for (var user = 0; user < p.UserCount; user++)
            {
                first += digammaS - Digamma(p.Totals[user] + s);
                second += trigammaS - Trigamma(p.Totals[user] + s);
                for (var e = p.Starts[user]; e < p.Starts[user + 1]; e++)
                {
                    var k = p.KeyIndex[e];
                    var m = p.Centre[k];
                    var alpha = System.Math.Max(MinAlpha, s * m);
                    first += m * (Digamma(p.Counts[e] + alpha) - digammaAlpha[k]);
                    second += m * m * (Trigamma(p.Counts[e] + alpha) - trigammaAlpha[k]);
                }
            }
        }
        return (s * first, s * first + s * s * second);
    }

    /// <summary>Minka's fixed point for the full pseudo-count vector of one node, started from its centre and strength.</summary>
    private static double[] FitFull(NodeProblem p, EstimationOptions options)
    {
        var strength = FitStrength([p], options.DefaultPriorStrength, options);
        var alphas = p.Centre.Select(m => System.Math.Max(MinAlpha, m * strength)).ToArray();
        var numerators = new double[alphas.Length];
        var digammaAlpha = new double[alphas.Length];
        for (var iteration = 0; iteration < options.PriorFitMaxIterations; iteration++)
        {
            var total = alphas.Sum();
            var digammaTotal = Digamma(total);
            for (var k = 0; k < alphas.Length; k++)
            {
                digammaAlpha[k] = Digamma(alphas[k]);
            }
            Array.Clear(numerators);
            var denominator = 0.0;
            for (var u = 0; u < p.UserCount; u++)
            {
                denominator += Digamma(p.Totals[u] + total) - digammaTotal;
                for (var e = p.Starts[u]; e < p.Starts[u + 1]; e++)
                {
                    var k = p.KeyIndex[e];
                    numerators[k] += Digamma(p.Counts[e] + alphas[k]) - digammaAlpha[k];
                }
            }
            if (!(denominator > 0))
            {
                break;
            }
            var maxChange = 0.0;
            for (var k = 0; k < alphas.Length; k++)
            {
                var next = System.Math.Max(MinAlpha, alphas[k] * numerators[k] / denominator);
                maxChange = System.Math.Max(maxChange, System.Math.Abs(next - alphas[k]) / alphas[k]);
                alphas[k] = next;
            }
            var sum = alphas.Sum();
            if (sum > options.MaxPriorStrength || sum < options.MinPriorStrength)
            {
                var scale = System.Math.Clamp(sum, options.MinPriorStrength, options.MaxPriorStrength) / sum;
                for (var k = 0; k < alphas.Length; k++)
                {
                    alphas[k] = System.Math.Max(MinAlpha, alphas[k] * scale);
                }
                break;
            }
            if (maxChange <= options.PriorFitTolerance)
            {
                break;
            }
        }
        return alphas;
    }

    /// <summary>One node's data in dense form: distinct keys, each user's entries, totals, and the centre.</summary>
    private sealed class NodeProblem
    {
        public NodeProblem(int node, NodeObservations observations)
        {
            Node = node;
            Depth = observations.Depth;
            var keyIndex = new Dictionary<int, int>();
            foreach (var key in observations.Keys)
            {
                if (!keyIndex.ContainsKey(key))
                {
                    keyIndex[key] = keyIndex.Count;
                }
            }
            Keys = [.. keyIndex.OrderBy(pair => pair.Value).Select(pair => pair.Key)];
            KeyIndex = observations.Keys.Select(key => keyIndex[key]).ToArray();
            Counts = [.. observations.Counts];
            Starts = [.. observations.Starts];
            UserCount = observations.UserCount;
            Totals = new double[UserCount];
            var proportions = new double[Keys.Length];
            for (var u = 0; u < UserCount; u++)
            {
                for (var e = Starts[u]; e < Starts[u + 1]; e++)
                {
                    Totals[u] += Counts[e];
                }
                for (var e = Starts[u]; e < Starts[u + 1]; e++)
                {
                    proportions[KeyIndex[e]] += Counts[e] / Totals[u];
                }
            }
            var norm = UserCount + CentreSmoothing * Keys.Length;
            Centre = proportions.Select(p => (p + CentreSmoothing) / norm).ToArray();
        }

        public int Node { get; }

        public int Depth { get; }

        public int[] Keys { get; }

        public int[] KeyIndex { get; }

        public double[] Counts { get; }

        public int[] Starts { get; }

        public int UserCount { get; }

        public double[] Totals { get; }

        /// <summary>The users' average proportions, lightly smoothed; sums to 1.</summary>
        public double[] Centre { get; }
    }
}
