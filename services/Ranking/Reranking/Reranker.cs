using Recommender.Ranking.Features;

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
        var similarity = lambda < 1 ? new PairwiseSimilarity(candidates) : null;
        var calibration = beta > 0 ? new CalibrationState(target!, candidates, settings.Alpha) : null;

        var maxSimilarity = new double[n];
        var chosen = new bool[n];
        var order = new int[take];
        for (var step = 0; step < take; step++)
        {
            calibration?.BeginStep();
            var best = -1;
            var bestGain = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                if (chosen[i])
                {
                    continue;
                }
                var gain = (1 - beta) * (lambda * relevance[i] - (1 - lambda) * maxSimilarity[i]);
                if (calibration is not null)
                {
                    gain -= beta * calibration.DivergenceWith(i);
                }
                if (best < 0 || gain > bestGain || (gain == bestGain && candidates[i].Score > candidates[best].Score))
                {
                    best = i;
                    bestGain = gain;
                }
            }

            chosen[best] = true;
            order[step] = best;
            calibration?.Add(best);
            if (similarity is not null)
            {
                for (var i = 0; i < n; i++)
                {
                    if (!chosen[i])
                    {
                        var value = similarity.Between(i, best);
                        maxSimilarity[i] = step == 0 ? value : Math.Max(maxSimilarity[i], value);
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

    /// <summary>
    /// <see cref="RerankCandidate.Similarity"/> with the category paths turned into ids of their
    /// prefixes once, so the k·n comparisons compare integers instead of strings.
    /// </summary>
    private sealed class PairwiseSimilarity
    {
        private readonly IReadOnlyList<RerankCandidate> _candidates;
        private readonly int[][] _prefixIds;

        public PairwiseSimilarity(IReadOnlyList<RerankCandidate> candidates)
        {
            _candidates = candidates;
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            _prefixIds = candidates.Select(c =>
            {
                var depth = CategoryPath.Depth(c.CategoryPath);
                var prefixes = new int[depth];
                for (var d = 0; d < depth; d++)
                {
                    var prefix = CategoryPath.Truncate(c.CategoryPath, d + 1);
                    if (!ids.TryGetValue(prefix, out prefixes[d]))
                    {
                        prefixes[d] = ids.Count;
                        ids[prefix] = prefixes[d];
                    }
                }
                return prefixes;
            }).ToArray();
        }

        public double Between(int a, int b)
        {
            if (_candidates[a].UnitVector is { } va && _candidates[b].UnitVector is { } vb)
            {
                return VectorMath.Cosine(va, vb);
            }
            int[] pa = _prefixIds[a], pb = _prefixIds[b];
            var deeper = Math.Max(pa.Length, pb.Length);
            if (deeper == 0)
            {
                return 0;
            }
            var shared = 0;
            while (shared < pa.Length && shared < pb.Length && pa[shared] == pb[shared])
            {
                shared++;
            }
            return (double)shared / deeper;
        }
    }

    /// <summary>
    /// The list's category counts and KL(p ‖ q̃(S ∪ {i})) per candidate node, cached for a step.
    /// Same sums as <see cref="Calibration.KlDivergence(IReadOnlyDictionary{string, double}, IReadOnlyDictionary{string, int}, int, double)"/>,
    /// on arrays indexed by node.
    /// </summary>
    private sealed class CalibrationState
    {
        private readonly double[] _p;          // the target, over nodes 0..m-1
        private readonly int[] _nodeOf;        // each candidate's node; -1 without a category; ≥ m outside the target
        private readonly int[] _counts;        // items of S per node
        private readonly double[] _cache;      // KL with one more item of a node, this step
        private readonly bool[] _cached;
        private readonly double _alpha;
        private int _total;
        private double _current;

        public CalibrationState(CategoryDistribution target, IReadOnlyList<RerankCandidate> candidates, double alpha)
        {
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var p = new List<double>();
            foreach (var (node, probability) in target.Probabilities)
            {
                index[node] = p.Count;
                p.Add(probability);
            }
            _p = [.. p];
            _nodeOf = new int[candidates.Count];
            for (var i = 0; i < candidates.Count; i++)
            {
                var node = target.NodeOf(candidates[i].CategoryPath);
                if (node.Length == 0)
                {
                    _nodeOf[i] = -1;
                }
                else if (!index.TryGetValue(node, out _nodeOf[i]))
                {
                    _nodeOf[i] = index.Count;
                    index[node] = _nodeOf[i];
                }
            }
            _counts = new int[index.Count];
            _cache = new double[index.Count];
            _cached = new bool[index.Count];
            _alpha = alpha;
        }

        public void BeginStep()
        {
            Array.Clear(_cached);
            _current = Divergence(-1);
        }

        public double DivergenceWith(int candidate)
        {
            var node = _nodeOf[candidate];
            if (node < 0)
            {
                return _current;
            }
            if (!_cached[node])
            {
                _cache[node] = Divergence(node);
                _cached[node] = true;
            }
            return _cache[node];
        }

        public void Add(int candidate)
        {
            if (_nodeOf[candidate] >= 0)
            {
                _counts[_nodeOf[candidate]]++;
                _total++;
            }
        }

        private double Divergence(int extraNode)
        {
            var total = _total + (extraNode >= 0 ? 1 : 0);
            var divergence = 0.0;
            for (var g = 0; g < _p.Length; g++)
            {
                var count = _counts[g] + (g == extraNode ? 1 : 0);
                var q = total > 0 ? (double)count / total : 0;
                divergence += _p[g] * Math.Log(_p[g] / ((1 - _alpha) * q + _alpha * _p[g]));
            }
            return divergence;
        }
    }
}
