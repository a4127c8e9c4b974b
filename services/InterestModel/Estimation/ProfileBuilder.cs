using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Estimation.Math;

namespace Recommender.InterestModel.Estimation;

/// <summary>Turns a user's state and the population prior into an <see cref="InterestProfile"/>.</summary>
internal sealed class ProfileBuilder(CategoryTree tree, ItemCatalog catalog, PopulationPrior prior, InterestModelOptions options)
{
    public InterestProfile Build(string userId, UserInterestState? state, DateTimeOffset asOf)
    {
        var asOfMs = asOf.ToUnixTimeMilliseconds();
        var estimation = options.Estimation;
        var profile = options.Profile;
        var view = state is null || state.EventCount == 0
            ? UserEvidenceView.Empty
            : UserEvidenceView.Create(state, tree, asOfMs, DecayHalfLives.From(estimation));
        var longTerm = DirichletTreePosterior.Compute(tree, prior, view, Horizon.Long, estimation, profile.MinReportedProbability);
        var shortTerm = DirichletTreePosterior.Compute(tree, prior, view, Horizon.Short, estimation, profile.MinReportedProbability);
        var drift = state is null
            ? new DriftScore(0, 0)
            : DriftDetector.Score(tree, catalog, prior, view, state.Visits.Items, asOfMs, DecayHalfLives.From(estimation), estimation);
        var rootIndex = view.IndexOf(CategoryTree.RootId);
        var effective = rootIndex >= 0 ? view.ScaleAt(rootIndex) * view.ValueAt(rootIndex, Horizon.Long) : 0;
        return new InterestProfile(
            userId,
            asOf,
            view.Count == 0,
            state?.EventCount ?? 0,
            effective,
            Levels(longTerm),
            Levels(shortTerm),
            new DriftReport(drift.Score, estimation.DriftThreshold, drift.Score > estimation.DriftThreshold,
                drift.Score > estimation.DriftThreshold ? drift.MostLikelyEventsSinceChange : null, Movers(longTerm, shortTerm)),
            TopInterests(longTerm, state),
            RecentItems(state))
        {
            OverallVector = InterestVector(Contributions(CategoryTree.RootId, state)),
        };
    }

    private List<InterestLevel> Levels(List<NodePosterior> posteriors)
    {
        var levels = new List<InterestLevel>();
        foreach (var group in posteriors.GroupBy(p => p.Depth).OrderBy(g => g.Key))
        {
            var nodes = group
                .OrderByDescending(p => p.Mean)
                .ThenBy(p => p.Node)
                .Take(options.Profile.MaxNodesPerLevel)
                .Select(ToEstimate)
                .ToList();
            levels.Add(new InterestLevel(group.Key, nodes));
        }
        return levels;
    }

    private NodeEstimate ToEstimate(NodePosterior p)
    {
        var (lower, upper) = Interval(p);
        return new NodeEstimate(tree.PathOf(p.Node), p.Depth, p.Mean, lower, upper, p.EventCount, p.EffectiveEvidence, p.DecayedWeight);
    }

    /// <summary>The equal-tailed credible interval of the Beta matched to the node's posterior mean and log-mean.</summary>
    private (double Lower, double Upper) Interval(NodePosterior p)
    {
        var beta = BetaDistribution.FromMeanAndLogMean(p.Mean, p.LogMean);
        if (beta is null)
        {
            return (p.Mean, p.Mean);
        }
        var tail = (1 - options.Estimation.CredibleLevel) / 2;
        return (beta.Value.Quantile(tail), beta.Value.Quantile(1 - tail));
    }

    private List<DriftMover> Movers(List<NodePosterior> longTerm, List<NodePosterior> shortTerm)
    {
        var shortByNode = shortTerm.Where(p => p.Depth == 1).ToDictionary(p => p.Node, p => p.Mean);
        var longByNode = longTerm.Where(p => p.Depth == 1).ToDictionary(p => p.Node, p => p.Mean);
        return longByNode.Keys.Union(shortByNode.Keys)
            .Select(node => new DriftMover(tree.PathOf(node), longByNode.GetValueOrDefault(node), shortByNode.GetValueOrDefault(node)))
            .OrderByDescending(m => System.Math.Abs(m.ShortTermProbability - m.LongTermProbability))
            .ThenBy(m => m.Path, StringComparer.Ordinal)
            .Take(options.Profile.DriftMovers)
            .ToList();
    }

    private List<TopInterest> TopInterests(List<NodePosterior> longTerm, UserInterestState? state)
    {
        var depth = options.Profile.InterestDepth;
        return longTerm
            .Where(p => p.Depth == depth || (p.Depth < depth && tree.ChildrenOf(p.Node).Count == 0))
            .Where(p => p.Mean >= options.Profile.MinInterestProbability)
            .OrderByDescending(p => p.Mean)
            .ThenBy(p => p.Node)
            .Take(options.Profile.TopInterests)
            .Select(p => ToInterest(p, state))
            .ToList();
    }

    private TopInterest ToInterest(NodePosterior p, UserInterestState? state)
    {
        var (lower, upper) = Interval(p);
        var contributions = Contributions(p.Node, state);
        var evidence = contributions
            .OrderByDescending(c => c.Share)
            .ThenByDescending(c => c.Entry.TimestampMs)
            .Take(options.Profile.EvidencePerInterest)
            .Select(c => new EvidenceItem(
                catalog[c.Entry.Item].Id,
                c.Entry.Action,
                DateTimeOffset.FromUnixTimeMilliseconds(c.Entry.TimestampMs),
                c.Share))
            .ToList();
        return new TopInterest(tree.PathOf(p.Node), p.Mean, lower, upper, p.EventCount, InterestVector(contributions), evidence);
    }

    /// <summary>Each retained event's share of the node's decayed weight; decay cancels because all masses share a reference.</summary>
    private List<(EvidenceEntry Entry, double Share)> Contributions(int node, UserInterestState? state)
    {
        var result = new List<(EvidenceEntry, double)>();
        if (state is null)
        {
            return result;
        }
        var index = state.IndexOf(node);
        if (index < 0 || !(state.Nodes[index].LongMass > 0))
        {
            return result;
        }
        var nodeMass = state.Nodes[index].LongMass;
        foreach (var entry in state.Evidence.Entries)
        {
            var share = catalog[entry.Item].ShareAt(node);
            if (share > 0)
            {
                result.Add((entry, entry.Mass * share / nodeMass));
            }
        }
        return result;
    }

    private float[]? InterestVector(List<(EvidenceEntry Entry, double Share)> contributions)
    {
        double[]? sum = null;
        foreach (var (entry, share) in contributions)
        {
            var embedding = catalog[entry.Item].Embedding;
            if (embedding is null)
            {
                continue;
            }
            sum ??= new double[embedding.Length];
            if (embedding.Length != sum.Length)
            {
                continue; // a different embedding model; the first one seen defines the space
            }
            for (var d = 0; d < sum.Length; d++)
            {
                sum[d] += share * embedding[d];
            }
        }
        if (sum is null)
        {
            return null;
        }
        var norm = System.Math.Sqrt(sum.Sum(x => x * x));
        return norm > 0 ? sum.Select(x => (float)(x / norm)).ToArray() : null;
    }

    private List<RecentItem> RecentItems(UserInterestState? state) =>
        state is null
            ? []
            : state.Visits.LatestDistinct(options.Profile.RecentItems)
                .Select(v => new RecentItem(catalog[v.Item].Id, DateTimeOffset.FromUnixTimeMilliseconds(v.TimestampMs), v.Action,
                    tree.PathOf(catalog[v.Item].Leaves[0])))
                .ToList();
}
