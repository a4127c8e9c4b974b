using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Estimation.Math;

namespace Recommender.InterestModel.Estimation;

/// <summary>
/// Posterior of a user's interest distribution under the Dirichlet-tree model. Each node v has conditional
/// probabilities θ_v over its children with prior Dirichlet(α_v); the user's effective counts c over the children
/// make the posterior Dirichlet(α_v + c), independent across nodes. A node's probability is the product of the
/// conditionals on its path, so its posterior mean is the product of the conditional means a/A and its log-mean
/// E[ln p] the sum of ψ(a) − ψ(A); intervals come from the Beta with that mean and log-mean.
/// </summary>
internal static class DirichletTreePosterior
{
    /// <summary>
    /// Walks the tree from the root and returns every node whose mean is at least <paramref name="minProbability"/>
    /// or where the user has evidence, parents before children.
    /// </summary>
    public static List<NodePosterior> Compute(
        CategoryTree tree,
        PopulationPrior prior,
        UserEvidenceView view,
        Horizon horizon,
        EstimationOptions options,
        double minProbability)
    {
        var result = new List<NodePosterior>();
        var pending = new Stack<(int Node, double Mean, double LogMean)>();
        pending.Push((CategoryTree.RootId, 1.0, 0.0));
        while (pending.Count > 0)
        {
            var (node, mean, logMean) = pending.Pop();
            var treeChildren = tree.ChildrenOf(node);
            if (treeChildren.Count == 0)
            {
                continue;
            }
            var index = view.IndexOf(node);
            var scale = index >= 0 ? view.ScaleAt(index) : 0;
            var self = index >= 0 ? scale * view.SelfValueAt(index, horizon) : 0;
            var userChildren = index >= 0 ? view.ChildrenOf(index) : [];
            var priorAt = prior.At(node, treeChildren.Count, index >= 0 && view.SelfValueAt(index, Horizon.Long) > 0, options);
            var evidence = self;
            foreach (var c in userChildren)
            {
                evidence += scale * view.ValueAt(c, horizon);
            }
            var total = priorAt.Total + evidence;
            var digammaTotal = SpecialFunctions.Digamma(total);
            var u = 0;
            foreach (var child in treeChildren)
            {
                // Both lists are sorted by node id, so one merge pass pairs them.
                var userIndex = -1;
                if (u < userChildren.Length && view.NodeAt(userChildren[u]) == child)
                {
                    userIndex = userChildren[u++];
                }
                var count = userIndex >= 0 ? scale * view.ValueAt(userIndex, horizon) : 0;
                var a = priorAt.Alpha(child) + count;
                var childMean = mean * a / total;
                if (childMean < minProbability && count <= 0)
                {
                    continue;
                }
                var childLogMean = logMean + SpecialFunctions.Digamma(a) - digammaTotal;
                result.Add(new NodePosterior(
                    child,
                    tree.DepthOf(child),
                    childMean,
                    childLogMean,
                    count,
                    userIndex >= 0 ? view.ValueAt(userIndex, horizon) : 0,
                    userIndex >= 0 ? view.EventCountAt(userIndex) : 0));
                pending.Push((child, childMean, childLogMean));
            }
        }
        return result;
    }
}
