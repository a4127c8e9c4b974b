using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Signals;
using static Recommender.InterestModel.Estimation.Math.SpecialFunctions;

namespace Recommender.InterestModel.Estimation;

/// <summary>The drift test's verdict: the score and the most likely number of events since the change.</summary>
internal readonly record struct DriftScore(double Score, int MostLikelyEventsSinceChange);

/// <summary>
/// Drift as a Bayesian change-point test on the user's most recent events. M0: every event (long-term, decayed)
/// comes from one interest distribution. M1(k): the last k events come from a fresh distribution drawn from the
/// population prior, the older ones from the user's own. The score is ln of the Bayes factor of M1 (with k uniform
/// over 1..N, N = <see cref="EstimationOptions.DriftWindowEvents"/>) against M0. Both likelihoods are Dirichlet-tree
/// marginals that factorise by node and grow one event at a time (exchangeability), so all k cost one pass:
/// under M1 event k is predicted by α + (the k − 1 newer events), under M0 by α + (everything older than it).
/// The score is zero without older evidence, negative for a stable user with enough evidence, and, being a Bayes
/// factor, exceeds a threshold τ under M0 with probability at most e^(−τ) at any one check.
/// </summary>
/// <remarks>
/// A split of the two exponential horizons (recent = short-term mass, older = long minus short) was tried first:
/// recent mass then still holds older events and older mass holds new ones, and it flagged well under half of
/// the injected shifts within 20 events. The hard split over the last N events removes that leak.
/// </remarks>
internal sealed class DriftDetector
{
    private readonly Dictionary<long, int> slotIndex = [];
    private readonly List<Slot> slots = [];
    private readonly Dictionary<int, int> nodeIndex = [];
    private readonly List<NodeTotals> nodes = [];
    private readonly CategoryTree tree;
    private readonly PopulationPrior prior;
    private readonly UserEvidenceView view;
    private readonly EstimationOptions options;

    private DriftDetector(CategoryTree tree, PopulationPrior prior, UserEvidenceView view, EstimationOptions options)
    {
        this.tree = tree;
        this.prior = prior;
        this.view = view;
        this.options = options;
    }

    /// <summary>Scores the user's last events (<paramref name="recent"/>, oldest first) against the rest of their evidence.</summary>
    public static DriftScore Score(
        CategoryTree tree,
        ItemCatalog catalog,
        PopulationPrior prior,
        UserEvidenceView view,
        IReadOnlyList<Visit> recent,
        long asOfMs,
        DecayHalfLives halfLives,
        EstimationOptions options)
    {
        var detector = new DriftDetector(tree, prior, view, options);
        var logFactors = new List<double>();
        double changed = 0, same = 0;
        var contributions = new List<(int Node, int Slot, double Mass)>();
        for (var j = recent.Count - 1; j >= 0 && logFactors.Count < options.DriftWindowEvents; j--)
        {
            var visit = recent[j];
            var decay = ExponentialDecay.Growth(asOfMs, visit.TimestampMs, halfLives.LongMs);
            if (!detector.Contributions(catalog[visit.Item], visit.Weight * decay, contributions))
            {
                continue; // the item moved to categories this user's statistics do not hold
            }
            changed += detector.LogPredictive(contributions, fresh: true);
            same += detector.LogPredictive(contributions, fresh: false);
            detector.AddToRecent(contributions);
            logFactors.Add(changed - same);
        }
        if (logFactors.Count == 0)
        {
            return new DriftScore(0, 0);
        }
        // Change points beyond the user's recent events leave nothing older: there M1 and M0 coincide (factor 1).
        var max = System.Math.Max(0, logFactors.Max());
        var sum = logFactors.Sum(f => System.Math.Exp(f - max)) + (options.DriftWindowEvents - logFactors.Count) * System.Math.Exp(-max);
        var score = max + System.Math.Log(sum / options.DriftWindowEvents);
        return new DriftScore(score, logFactors.IndexOf(logFactors.Max()) + 1);
    }

    /// <summary>
    /// The event's effective mass per (node, child-or-self slot) of every Dirichlet it passes through. False when a
    /// node on its path is missing from the user's statistics.
    /// </summary>
    private bool Contributions(CatalogItem item, double mass, List<(int Node, int Slot, double Mass)> result)
    {
        result.Clear();
        var pathNodes = item.PathNodes;
        for (var i = 0; i < pathNodes.Length; i++)
        {
            var child = pathNodes[i];
            if (child == CategoryTree.RootId)
            {
                continue;
            }
            var parent = tree.ParentOf(child);
            if (!TryNode(parent, out var node) || view.IndexOf(child) < 0)
            {
                return false;
            }
            result.Add((node, SlotOf(node, parent, child), nodes[node].Scale * mass * item.PathShares[i]));
        }
        foreach (var leaf in item.Leaves)
        {
            if (tree.ChildrenOf(leaf).Count > 0)
            {
                if (!TryNode(leaf, out var node))
                {
                    return false;
                }
                result.Add((node, SlotOf(node, leaf, PopulationPrior.SelfKey), nodes[node].Scale * mass / item.Leaves.Length));
            }
        }
        return true;
    }

    /// <summary>
    /// ln P(event | state) summed over its nodes: under M1 (fresh) the pseudo-counts are α + newer recent events,
    /// under M0 α + everything older than this event.
    /// </summary>
    private double LogPredictive(List<(int Node, int Slot, double Mass)> contributions, bool fresh)
    {
        var result = 0.0;
        for (var i = 0; i < contributions.Count; i++)
        {
            var (node, slot, mass) = contributions[i];
            var s = slots[slot];
            var a = s.Alpha + (fresh ? s.Recent : System.Math.Max(0, s.Long - s.Recent - mass));
            result += LogGamma(a + mass) - LogGamma(a);
        }
        // Node totals, once per node even when an item has several paths through it.
        for (var i = 0; i < contributions.Count; i++)
        {
            var node = contributions[i].Node;
            var first = true;
            var nodeMass = 0.0;
            for (var j = 0; j < contributions.Count; j++)
            {
                if (contributions[j].Node == node)
                {
                    first &= j >= i;
                    nodeMass += contributions[j].Mass;
                }
            }
            if (!first)
            {
                continue;
            }
            var totals = nodes[node];
            var total = totals.AlphaTotal + (fresh ? totals.Recent : System.Math.Max(0, totals.Long - totals.Recent - nodeMass));
            result -= LogGamma(total + nodeMass) - LogGamma(total);
        }
        return result;
    }

    private void AddToRecent(List<(int Node, int Slot, double Mass)> contributions)
    {
        foreach (var (node, slot, mass) in contributions)
        {
            slots[slot] = slots[slot] with { Recent = slots[slot].Recent + mass };
            nodes[node] = nodes[node] with { Recent = nodes[node].Recent + mass };
        }
    }

    private bool TryNode(int treeNode, out int index)
    {
        if (nodeIndex.TryGetValue(treeNode, out index))
        {
            return true;
        }
        var viewIndex = view.IndexOf(treeNode);
        if (viewIndex < 0)
        {
            return false;
        }
        var scale = view.ScaleAt(viewIndex);
        var selfLong = view.SelfValueAt(viewIndex, Horizon.Long);
        var longTotal = selfLong;
        foreach (var c in view.ChildrenOf(viewIndex))
        {
            longTotal += view.ValueAt(c, Horizon.Long);
        }
        var priorAt = prior.At(treeNode, tree.ChildrenOf(treeNode).Count, selfLong > 0, options);
        index = nodes.Count;
        nodes.Add(new NodeTotals(treeNode, viewIndex, scale, priorAt, priorAt.Total, scale * longTotal, 0));
        nodeIndex[treeNode] = index;
        return true;
    }

    private int SlotOf(int node, int treeNode, int key)
    {
        var id = ((long)treeNode << 32) | (uint)key;
        if (slotIndex.TryGetValue(id, out var index))
        {
            return index;
        }
        var totals = nodes[node];
        double longValue;
        if (key == PopulationPrior.SelfKey)
        {
            longValue = view.SelfValueAt(totals.ViewIndex, Horizon.Long);
        }
        else
        {
            var childIndex = view.IndexOf(key);
            longValue = childIndex >= 0 ? view.ValueAt(childIndex, Horizon.Long) : 0;
        }
        index = slots.Count;
        slots.Add(new Slot(totals.Prior.Alpha(key), totals.Scale * longValue, 0));
        slotIndex[id] = index;
        return index;
    }

    /// <summary>One child (or self) slot of a node: prior pseudo-count, long-term effective mass, recent mass so far.</summary>
    private readonly record struct Slot(double Alpha, double Long, double Recent);

    /// <summary>A node's totals over all its slots.</summary>
    private readonly record struct NodeTotals(int TreeNode, int ViewIndex, double Scale, PriorAtNode Prior, double AlphaTotal, double Long, double Recent);
}
