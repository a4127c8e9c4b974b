namespace Recommender.Ranking.Reranking;

/// <summary>Settings of one re-ranking pass.</summary>
/// <param name="DiversityLambda">λ in [0, 1]: 1 is pure relevance, lower values trade relevance for diversity (MMR).</param>
/// <param name="CalibrationWeight">β in [0, 1]: 0 ignores calibration, 1 optimises only the category mix.</param>
/// <param name="Alpha">Steck's α in (0, 1].</param>
public sealed record RerankSettings(double DiversityLambda, double CalibrationWeight, double Alpha = Calibration.DefaultAlpha);

/// <summary>
/// Greedy re-ranking that combines maximal marginal relevance (Carbonell and Goldstein, 1998) with
/// calibration (Steck, 2018) in one objective.
/// <code>
/// S = the items chosen so far, R = the rest. At each step pick i ∈ R maximising
///
///   gain(i) = (1 − β) · [ λ · rel(i) − (1 − λ) · max_{j ∈ S} sim(i, j) ]  −  β · KL(p ‖ q̃(S ∪ {i}))
///
///   rel(i)  = (s_i − min s) / (max s − min s) over the candidates given (1 for all when equal), so the
///             relevance term lives in [0, 1] whatever the scale of the model's scores;
///   sim     = cosine of the embeddings, or category overlap without them (RerankCandidate.Similarity);
///             the max over an empty S is 0;
///   p       = the user's interest distribution over the nodes of one tree level (CategoryDistribution);
///   q(S)    = the share of S's categorised items in each node; q̃ = (1 − α) q + α p (Calibration).
/// </code>
/// With β = 0 this is MMR; with λ = 1 and β = 0 it is score order. With λ = 1 it is Steck's greedy
/// algorithm: maximising (1 − β) Σ_{i∈S} rel(i) − β KL one item at a time adds the item with the best
/// marginal (1 − β) rel(i) − β KL(S ∪ {i}), because Σ_{j∈S} rel(j) is the same for every choice.
/// KL(S ∪ {i}) depends on i only through its node, so it is computed once per node and step.
/// Without a target distribution (no profile) the calibration term is left out. Ties go to the
/// higher score, then the earlier candidate.
/// </summary>
public static class Reranker
{
    /// <summary>Chooses min(k, n) candidates in order and returns their indices.</summary>
    public static int[] Select(IReadOnlyList<RerankCandidate> candidates, int k, RerankSettings settings, CategoryDistribution? target)
    {
        var n = candidates.Count;
        var take = Math.Min(k, n);
        var relevance = NormalisedRelevance(candidates);
        var lambda = settings.DiversityLambda;
        var beta = target is null ? 0 : settings.CalibrationWeight;

        var nodes = new string[n];
        for (var i = 0; i < n; i++)
        {
            nodes[i] = target?.NodeOf(candidates[i].CategoryPath) ?? "";
        }
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var categorised = 0;
        var maxSimilarity = new double[n];
        var chosen = new bool[n];
        var order = new int[take];
        var divergenceAfter = new Dictionary<string, double>(StringComparer.Ordinal);

        for (var step = 0; step < take; step++)
        {
            divergenceAfter.Clear();
            var best = -1;
            var bestGain = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                if (chosen[i])
                {
                    continue;
                }
                var gain = (1 - beta) * (lambda * relevance[i] - (1 - lambda) * (step == 0 ? 0 : maxSimilarity[i]));
                if (beta > 0)
                {
                    if (!divergenceAfter.TryGetValue(nodes[i], out var divergence))
                    {
                        divergence = DivergenceWith(target!, counts, categorised, nodes[i], settings.Alpha);
                        divergenceAfter[nodes[i]] = divergence;
                    }
                    gain -= beta * divergence;
                }
                if (best < 0 || gain > bestGain || (gain == bestGain && candidates[i].Score > candidates[best].Score))
                {
                    best = i;
                    bestGain = gain;
                }
            }

            chosen[best] = true;
            order[step] = best;
            if (nodes[best].Length > 0)
            {
                counts[nodes[best]] = counts.GetValueOrDefault(nodes[best]) + 1;
                categorised++;
            }
            if (lambda < 1)
            {
                for (var i = 0; i < n; i++)
                {
                    if (!chosen[i])
                    {
                        var similarity = RerankCandidate.Similarity(candidates[i], candidates[best]);
                        maxSimilarity[i] = step == 0 ? similarity : Math.Max(maxSimilarity[i], similarity);
                    }
                }
            }
        }
        return order;
    }

    private static double[] NormalisedRelevance(IReadOnlyList<RerankCandidate> candidates)
    {
        var min = candidates.Min(c => c.Score);
        var max = candidates.Max(c => c.Score);
        var range = max - min;
        return candidates.Select(c => range > 0 ? (c.Score - min) / range : 1).ToArray();
    }

    private static double DivergenceWith(CategoryDistribution target, Dictionary<string, int> counts, int categorised, string node, double alpha)
    {
        if (node.Length == 0)
        {
            return Calibration.KlDivergence(target.Probabilities, counts, categorised, alpha);
        }
        counts[node] = counts.GetValueOrDefault(node) + 1;
        var divergence = Calibration.KlDivergence(target.Probabilities, counts, categorised + 1, alpha);
        if (--counts[node] == 0)
        {
            counts.Remove(node);
        }
        return divergence;
    }
}
