using Recommender.InterestModel.Estimation.Math;

namespace Recommender.InterestEval;

/// <summary>
/// A user's true interests: a conditional distribution over the children of every internal node, drawn from the
/// world's Dirichlet hyperparameters, hence a marginal probability for every node.
/// </summary>
internal sealed class SyntheticUser
{
    private readonly SyntheticWorld world;
    private readonly double[][] conditionals;

    public SyntheticUser(SyntheticWorld world, GammaSampler sampler)
    {
        this.world = world;
        conditionals = new double[world.Nodes.Count][];
        foreach (var node in world.Nodes.Where(n => n.Children.Count > 0))
        {
            conditionals[node.Index] = new double[node.Children.Count];
            sampler.NextDirichlet(node.Alphas, conditionals[node.Index]);
        }
        Marginals = new double[world.Nodes.Count];
        Marginals[0] = 1;
        foreach (var node in world.Nodes)
        {
            for (var c = 0; c < node.Children.Count; c++)
            {
                Marginals[node.Children[c]] = Marginals[node.Index] * conditionals[node.Index][c];
            }
        }
    }

    /// <summary>True probability of every node (index = world node index).</summary>
    public double[] Marginals { get; }

    /// <summary>Draws the leaf of one event.</summary>
    public int SampleLeaf(GammaSampler sampler)
    {
        var node = world.Root;
        while (node.Children.Count > 0)
        {
            node = world.Nodes[node.Children[sampler.NextCategorical(conditionals[node.Index])]];
        }
        return node.Index;
    }
}
