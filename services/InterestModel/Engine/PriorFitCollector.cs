using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Estimation;

namespace Recommender.InterestModel.Engine;

/// <summary>
/// Gathers every user's long-term effective counts for a prior fit. Each user is taken as of their own latest
/// event, so the prior describes the shape of users' interests, not how long ago they were active.
/// </summary>
internal static class PriorFitCollector
{
    public static PriorFitData Collect(IEnumerable<UserInterestState> users, CategoryTree tree, DecayHalfLives halfLives)
    {
        var data = new PriorFitData();
        var keys = new List<int>();
        var counts = new List<double>();
        foreach (var state in users)
        {
            if (state.EventCount == 0)
            {
                continue;
            }
            var view = UserEvidenceView.Create(state, tree, state.LastEventMs, halfLives);
            data.BeginUser();
            for (var i = 0; i < view.Count; i++)
            {
                var node = view.NodeAt(i);
                if (tree.ChildrenOf(node).Count == 0)
                {
                    continue;
                }
                keys.Clear();
                counts.Clear();
                var scale = view.ScaleAt(i);
                var self = view.SelfValueAt(i, Horizon.Long);
                if (self > 0)
                {
                    keys.Add(PopulationPrior.SelfKey);
                    counts.Add(scale * self);
                }
                foreach (var c in view.ChildrenOf(i))
                {
                    keys.Add(view.NodeAt(c));
                    counts.Add(scale * view.ValueAt(c, Horizon.Long));
                }
                data.Add(node, tree.DepthOf(node),
                    System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keys),
                    System.Runtime.InteropServices.CollectionsMarshal.AsSpan(counts));
            }
        }
        return data;
    }
}
