using Recommender.InterestModel.Domain;

namespace Recommender.InterestModel.Estimation;

/// <summary>Which decayed mass a computation uses.</summary>
internal enum Horizon
{
    Long,
    Short,
}

/// <summary>
/// A user's statistics decayed to one point in time, with each node's children among the user's nodes, ready for
/// posterior and drift computations. Built per request in O(n log n) for the n nodes the user touched.
/// </summary>
internal sealed class UserEvidenceView
{
    // A node's own ("self") mass below this fraction of its mass is rounding noise, not items filed at the node.
    private const double SelfMassTolerance = 1e-9;

    private readonly int[] nodes;
    private readonly double[] longValues;
    private readonly double[] shortValues;
    private readonly double[] scales;
    private readonly int[] eventCounts;
    private readonly int[] childStart;
    private readonly int[] childList;
    private readonly double[] selfLong;
    private readonly double[] selfShort;

    private UserEvidenceView(int count)
    {
        Count = count;
        nodes = new int[count];
        longValues = new double[count];
        shortValues = new double[count];
        scales = new double[count];
        eventCounts = new int[count];
        childStart = new int[count + 1];
        childList = new int[System.Math.Max(0, count - 1)];
        selfLong = new double[count];
        selfShort = new double[count];
    }

    public static UserEvidenceView Empty { get; } = new(0);

    public int Count { get; }

    public int NodeAt(int index) => nodes[index];

    public int EventCountAt(int index) => eventCounts[index];

    /// <summary>Effective events per unit of weight at the node: Σw / Σw² (Kish); 1 when all weights are 1.</summary>
    public double ScaleAt(int index) => scales[index];

    /// <summary>Decayed, action-weighted mass at the node.</summary>
    public double ValueAt(int index, Horizon horizon) => horizon == Horizon.Long ? longValues[index] : shortValues[index];

    /// <summary>Mass of items filed directly at the node (not in any child).</summary>
    public double SelfValueAt(int index, Horizon horizon) => horizon == Horizon.Long ? selfLong[index] : selfShort[index];

    /// <summary>Indices (into this view) of the node's children that the user touched, in node-id order.</summary>
    public ReadOnlySpan<int> ChildrenOf(int index) => childList.AsSpan(childStart[index], childStart[index + 1] - childStart[index]);

    public int IndexOf(int node) => Array.BinarySearch(nodes, node);

    public static UserEvidenceView Create(UserInterestState state, CategoryTree tree, long asOfMs, DecayHalfLives halfLives)
    {
        var stats = state.Nodes;
        if (stats.Length == 0)
        {
            return Empty;
        }
        var view = new UserEvidenceView(stats.Length);
        var longFactor = ExponentialDecay.Growth(asOfMs, state.ReferenceMs, halfLives.LongMs);
        var shortFactor = ExponentialDecay.Growth(asOfMs, state.ReferenceMs, halfLives.ShortMs);
        for (var i = 0; i < stats.Length; i++)
        {
            view.nodes[i] = stats[i].Node;
            view.longValues[i] = stats[i].LongMass * longFactor;
            view.shortValues[i] = stats[i].ShortMass * shortFactor;
            view.scales[i] = stats[i].PieceSquareSum > 0 ? stats[i].WeightSum / stats[i].PieceSquareSum : 0;
            view.eventCounts[i] = stats[i].EventCount;
        }
        // Children lists by counting sort on the parent's index. Ancestors of a touched node are always touched.
        var parentIndex = new int[stats.Length];
        for (var i = 0; i < stats.Length; i++)
        {
            var parent = tree.ParentOf(view.nodes[i]);
            parentIndex[i] = parent < 0 ? -1 : view.IndexOf(parent);
            if (parent >= 0 && parentIndex[i] < 0)
            {
                throw new InvalidOperationException($"user statistics miss the parent of category node {view.nodes[i]}");
            }
            if (parentIndex[i] >= 0)
            {
                view.childStart[parentIndex[i] + 1]++;
            }
        }
        for (var i = 0; i < stats.Length; i++)
        {
            view.childStart[i + 1] += view.childStart[i];
        }
        var fill = (int[])view.childStart.Clone();
        for (var i = 0; i < stats.Length; i++)
        {
            if (parentIndex[i] >= 0)
            {
                view.childList[fill[parentIndex[i]]++] = i;
            }
        }
        for (var i = 0; i < stats.Length; i++)
        {
            if (tree.ChildrenOf(view.nodes[i]).Count == 0)
            {
                continue; // a leaf has no distribution over children
            }
            double childLong = 0, childShort = 0;
            foreach (var c in view.ChildrenOf(i))
            {
                childLong += view.longValues[c];
                childShort += view.shortValues[c];
            }
            view.selfLong[i] = Remainder(view.longValues[i], childLong);
            view.selfShort[i] = Remainder(view.shortValues[i], childShort);
        }
        return view;
    }

    private static double Remainder(double total, double children)
    {
        var rest = total - children;
        return rest > SelfMassTolerance * total ? rest : 0;
    }
}
