using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Estimation.Math;

namespace Recommender.InterestModel.Estimation;

/// <summary>
/// Drift as a Bayes factor. The long-term mass splits into a recent part r (the short-term mass) and an older part
/// o (long minus short; an event's share moves from r to o as it ages). Two hypotheses about r: it comes from the
/// same interest distribution as o (H0; predictive Dirichlet(α + o)), or from a fresh distribution drawn from the
/// population prior (H1; Dirichlet(α)). The score is ln P(r | H1) − ln P(r | H0), summed over the tree's nodes
/// (the Dirichlet-tree likelihood factorises by node). It is zero without older or without recent evidence, grows
/// with real change, and is negative for a stable user with enough evidence; it is flagged above
/// <see cref="EstimationOptions.DriftThreshold"/>.
/// </summary>
internal static class DriftDetector
{
    public static double Score(CategoryTree tree, PopulationPrior prior, UserEvidenceView view, EstimationOptions options)
    {
        var score = 0.0;
        var keys = new List<int>();
        var recent = new List<double>();
        var older = new List<double>();
        for (var i = 0; i < view.Count; i++)
        {
            var treeChildren = tree.ChildrenOf(view.NodeAt(i)).Count;
            if (treeChildren == 0)
            {
                continue;
            }
            keys.Clear();
            recent.Clear();
            older.Clear();
            var scale = view.ScaleAt(i);
            var selfLong = view.SelfValueAt(i, Horizon.Long);
            if (selfLong > 0)
            {
                AddSplit(PopulationPrior.SelfKey, scale, selfLong, view.SelfValueAt(i, Horizon.Short), keys, recent, older);
            }
            foreach (var c in view.ChildrenOf(i))
            {
                AddSplit(view.NodeAt(c), scale, view.ValueAt(c, Horizon.Long), view.ValueAt(c, Horizon.Short), keys, recent, older);
            }
            var priorAt = prior.At(view.NodeAt(i), treeChildren, selfLong > 0, options);
            score += NodeLogBayesFactor(priorAt, keys, recent, older);
        }
        return score;
    }

    private static void AddSplit(int key, double scale, double longValue, double shortValue, List<int> keys, List<double> recent, List<double> older)
    {
        keys.Add(key);
        recent.Add(scale * shortValue);
        older.Add(scale * System.Math.Max(0, longValue - shortValue));
    }

    private static double NodeLogBayesFactor(PriorAtNode priorAt, List<int> keys, List<double> recent, List<double> older)
    {
        var n = keys.Count;
        Span<double> alphas = n <= 64 ? stackalloc double[n] : new double[n];
        Span<double> updated = n <= 64 ? stackalloc double[n] : new double[n];
        var olderTotal = 0.0;
        for (var k = 0; k < n; k++)
        {
            alphas[k] = priorAt.Alpha(keys[k]);
            updated[k] = alphas[k] + older[k];
            olderTotal += older[k];
        }
        if (olderTotal <= 0)
        {
            return 0;
        }
        var recentSpan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(recent);
        return DirichletMultinomial.LogMarginal(recentSpan, alphas, priorAt.Total)
             - DirichletMultinomial.LogMarginal(recentSpan, updated, priorAt.Total + olderTotal);
    }
}
