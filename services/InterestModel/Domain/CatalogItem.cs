namespace Recommender.InterestModel.Domain;

/// <summary>
/// An item as the model stores it: its category leaves and, for every node on the way to the root, the share of
/// the item's mass that passes through that node (1 for a single path; split evenly between several paths), and
/// the sum of squares of the pieces that mass splits into there (one per child it continues into, one for what
/// ends at the node): 1 for a single path, 1/g at a node where it splits evenly into g pieces.
/// </summary>
internal sealed class CatalogItem(string id, int[] leaves, int[] pathNodes, double[] pathShares, double[] pieceSquares, float[]? embedding)
{
    public string Id { get; } = id;

    /// <summary>The leaf node of each category path.</summary>
    public int[] Leaves { get; private set; } = leaves;

    /// <summary>Every node on any of the item's paths (root included), sorted by id.</summary>
    public int[] PathNodes { get; private set; } = pathNodes;

    /// <summary>Share of the item's mass passing through the node at the same index of <see cref="PathNodes"/>.</summary>
    public double[] PathShares { get; private set; } = pathShares;

    /// <summary>Σ piece² of the item's mass at the node at the same index of <see cref="PathNodes"/>.</summary>
    public double[] PieceSquares { get; private set; } = pieceSquares;

    public float[]? Embedding { get; private set; } = embedding;

    /// <summary>The share of this item's mass at <paramref name="node"/> (0 when the node is not on its paths).</summary>
    public double ShareAt(int node)
    {
        var index = Array.BinarySearch(PathNodes, node);
        return index >= 0 ? PathShares[index] : 0;
    }

    public void Update(CatalogItem other)
    {
        Leaves = other.Leaves;
        PathNodes = other.PathNodes;
        PathShares = other.PathShares;
        PieceSquares = other.PieceSquares;
        Embedding = other.Embedding;
    }

    /// <summary>Builds the record for <paramref name="leaves"/> in <paramref name="tree"/>, merging shared ancestors.</summary>
    public static CatalogItem Create(string id, int[] leaves, float[]? embedding, CategoryTree tree)
    {
        var shares = new SortedDictionary<int, double>();
        var share = 1.0 / leaves.Length;
        foreach (var leaf in leaves)
        {
            for (var node = leaf; node >= 0; node = tree.ParentOf(node))
            {
                shares[node] = shares.GetValueOrDefault(node) + share;
            }
        }
        // The root always carries the whole item, exactly.
        shares[CategoryTree.RootId] = 1.0;
        var pieceSquares = new double[shares.Count];
        var index = 0;
        foreach (var (node, nodeShare) in shares)
        {
            var continuing = 0.0;
            var squares = 0.0;
            foreach (var (other, otherShare) in shares)
            {
                if (tree.ParentOf(other) == node)
                {
                    continuing += otherShare;
                    squares += otherShare * otherShare;
                }
            }
            var ending = nodeShare - continuing;
            pieceSquares[index++] = squares + (ending > 1e-12 ? ending * ending : 0);
        }
        return new CatalogItem(id, leaves, [.. shares.Keys], [.. shares.Values], pieceSquares, embedding);
    }
}
