using Recommender.InterestModel.Domain;

namespace Recommender.InterestModel.Estimation;

/// <summary>
/// The population prior of the Dirichlet tree: for each category node, pseudo-counts α over its children (and
/// over "filed at this node itself"), centred on the population's distribution with a strength fitted by empirical
/// Bayes (<see cref="PriorFitter"/>). Nodes no fit covers use <see cref="EstimationOptions.DefaultPriorStrength"/>
/// spread evenly; children a fit never saw share <see cref="EstimationOptions.UnseenChildrenPseudoCount"/>.
/// </summary>
public sealed class PopulationPrior
{
    /// <summary>Key of the "filed at the node itself" slot in a node's pseudo-counts.</summary>
    public const int SelfKey = -1;

    private readonly Dictionary<int, FittedNodePrior> fitted;

    internal PopulationPrior(Dictionary<int, FittedNodePrior> fitted, PriorFitSummary? summary)
    {
        this.fitted = fitted;
        Summary = summary;
    }

    /// <summary>The prior before any fit: default strength everywhere.</summary>
    public static PopulationPrior Default { get; } = new([], null);

    /// <summary>How the last fit went; null before the first fit.</summary>
    public PriorFitSummary? Summary { get; }

    /// <summary>Number of nodes with fitted pseudo-counts.</summary>
    public int FittedNodeCount => fitted.Count;

    /// <summary>
    /// The fitted pseudo-counts at <paramref name="node"/> by child node id (<see cref="SelfKey"/> for the node's
    /// own slot), or null when the node uses the default.
    /// </summary>
    public IReadOnlyDictionary<int, double>? FittedAlphas(int node) => fitted.TryGetValue(node, out var p) ? p.Alphas : null;

    /// <summary>The pseudo-counts that apply at <paramref name="node"/> right now.</summary>
    internal PriorAtNode At(int node, int treeChildCount, bool needsSelfSlot, EstimationOptions options)
    {
        if (fitted.TryGetValue(node, out var prior))
        {
            var unseen = treeChildCount - prior.ChildKeyCount + (needsSelfSlot && !prior.HasSelf ? 1 : 0);
            return unseen > 0
                ? new PriorAtNode(prior, options.UnseenChildrenPseudoCount / unseen, prior.Sum + options.UnseenChildrenPseudoCount)
                : new PriorAtNode(prior, 0, prior.Sum);
        }
        var slots = treeChildCount + (needsSelfSlot ? 1 : 0);
        return new PriorAtNode(null, options.DefaultPriorStrength / System.Math.Max(1, slots), options.DefaultPriorStrength);
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Summary is not null);
        Summary?.Write(writer);
        writer.Write(fitted.Count);
        foreach (var (node, prior) in fitted)
        {
            writer.Write(node);
            writer.Write(prior.Alphas.Count);
            foreach (var (key, alpha) in prior.Alphas)
            {
                writer.Write(key);
                writer.Write(alpha);
            }
        }
    }

    internal static PopulationPrior Read(BinaryReader reader)
    {
        var summary = reader.ReadBoolean() ? PriorFitSummary.Read(reader) : null;
        var count = reader.ReadInt32();
        var fitted = new Dictionary<int, FittedNodePrior>(count);
        for (var i = 0; i < count; i++)
        {
            var node = reader.ReadInt32();
            var alphaCount = reader.ReadInt32();
            var alphas = new Dictionary<int, double>(alphaCount);
            for (var j = 0; j < alphaCount; j++)
            {
                alphas[reader.ReadInt32()] = reader.ReadDouble();
            }
            fitted[node] = new FittedNodePrior(alphas);
        }
        return new PopulationPrior(fitted, summary);
    }
}

/// <summary>Fitted pseudo-counts of one node.</summary>
internal sealed class FittedNodePrior
{
    public FittedNodePrior(Dictionary<int, double> alphas)
    {
        Alphas = alphas;
        foreach (var (key, alpha) in alphas)
        {
            Sum += alpha;
            if (key == PopulationPrior.SelfKey)
            {
                HasSelf = true;
            }
            else
            {
                ChildKeyCount++;
            }
        }
    }

    public Dictionary<int, double> Alphas { get; }

    public double Sum { get; }

    public int ChildKeyCount { get; }

    public bool HasSelf { get; }
}

/// <summary>The pseudo-counts in force at one node: fitted ones, and a value for every other slot.</summary>
internal readonly record struct PriorAtNode(FittedNodePrior? Fitted, double OtherSlotAlpha, double Total)
{
    public double Alpha(int key) =>
        Fitted is not null && Fitted.Alphas.TryGetValue(key, out var alpha) ? alpha : OtherSlotAlpha;
}
