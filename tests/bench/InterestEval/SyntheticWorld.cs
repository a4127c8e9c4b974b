using Recommender.InterestModel.Estimation.Math;

namespace Recommender.InterestEval;

/// <summary>
/// A three-level category tree with known population hyperparameters: at every internal node a centre m (drawn
/// once) and a strength s per depth, so a user's conditional distribution there is Dirichlet(s·m).
/// </summary>
internal sealed class SyntheticWorld
{
    private SyntheticWorld(List<WorldNode> nodes)
    {
        Nodes = nodes;
        Leaves = nodes.Where(n => n.Children.Count == 0).Select(n => n.Index).ToArray();
    }

    public List<WorldNode> Nodes { get; }

    public int[] Leaves { get; }

    public WorldNode Root => Nodes[0];

    public IEnumerable<WorldNode> AtDepth(int depth) => Nodes.Where(n => n.Depth == depth);

    /// <summary>Builds the tree and its hyperparameters from <paramref name="seed"/>.</summary>
    public static SyntheticWorld Create(int seed, WorldShape shape)
    {
        var sampler = new GammaSampler(seed);
        var nodes = new List<WorldNode> { new(0, -1, 0, "") };
        var frontier = new List<int> { 0 };
        for (var depth = 1; depth <= 3; depth++)
        {
            var next = new List<int>();
            foreach (var parent in frontier)
            {
                var (min, max) = shape.ChildrenPerDepth[depth - 1];
                var count = min + sampler.NextInt(max - min + 1);
                for (var c = 0; c < count; c++)
                {
                    var name = depth switch
                    {
                        1 => ((char)('A' + c)).ToString(),
                        2 => $"{nodes[parent].Path}{c + 1}",
                        _ => $"{nodes[parent].Path.Split('/')[^1]}{(char)('a' + c)}",
                    };
                    var path = depth == 1 ? name : $"{nodes[parent].Path}/{name}";
                    var node = new WorldNode(nodes.Count, parent, depth, path);
                    nodes.Add(node);
                    nodes[parent].Children.Add(node.Index);
                    next.Add(node.Index);
                }
            }
            frontier = next;
        }
        foreach (var node in nodes.Where(n => n.Children.Count > 0))
        {
            var centre = new double[node.Children.Count];
            var ones = Enumerable.Repeat(shape.CentreConcentration, node.Children.Count).ToArray();
            sampler.NextDirichlet(ones, centre);
            var strength = shape.StrengthPerDepth[node.Depth];
            node.Alphas = centre.Select(m => m * strength).ToArray();
        }
        return new SyntheticWorld(nodes);
    }
}

/// <summary>Shape of the synthetic world and the true hyperparameters.</summary>
/// <param name="ChildrenPerDepth">Inclusive range of children per node at depth 0, 1, 2.</param>
/// <param name="StrengthPerDepth">Dirichlet strength s of the nodes at depth 0, 1, 2.</param>
/// <param name="CentreConcentration">Concentration of the symmetric Dirichlet the centres are drawn from.</param>
/// <param name="Name">How the report names this world.</param>
internal sealed record WorldShape(string Name, (int Min, int Max)[] ChildrenPerDepth, double[] StrengthPerDepth, double CentreConcentration)
{
    /// <summary>Users concentrated on a few categories (small strengths): own history says a lot.</summary>
    public static WorldShape Concentrated { get; } = new("concentrated users", [(8, 8), (3, 6), (2, 5)], [2.0, 3.0, 4.0], 2.0);

    /// <summary>Users close to the population (large strengths): the prior says a lot.</summary>
    public static WorldShape Diffuse { get; } = new("diffuse users", [(8, 8), (3, 6), (2, 5)], [10.0, 10.0, 10.0], 2.0);
}

/// <summary>A node of the synthetic tree with its true prior pseudo-counts over its children.</summary>
internal sealed class WorldNode(int index, int parent, int depth, string path)
{
    public int Index { get; } = index;

    public int Parent { get; } = parent;

    public int Depth { get; } = depth;

    public string Path { get; } = path;

    public List<int> Children { get; } = [];

    public double[] Alphas { get; set; } = [];
}
