namespace Recommender.InterestModel.Estimation;

/// <summary>
/// Users' effective counts over the children of each node, gathered for a prior fit: per node, one sparse vector
/// per user who has evidence there. Keys are child node ids or <see cref="PopulationPrior.SelfKey"/>.
/// </summary>
public sealed class PriorFitData
{
    private readonly Dictionary<int, NodeObservations> byNode = [];

    /// <summary>Users added.</summary>
    public int Users { get; private set; }

    internal IReadOnlyDictionary<int, NodeObservations> ByNode => byNode;

    /// <summary>Starts a new user; the following <see cref="Add"/> calls belong to them.</summary>
    public void BeginUser() => Users++;

    /// <summary>
    /// Adds the current user's vector at <paramref name="node"/> (at tree depth <paramref name="depth"/>): counts by
    /// key, zero or positive.
    /// </summary>
    public void Add(int node, int depth, ReadOnlySpan<int> keys, ReadOnlySpan<double> counts)
    {
        if (!byNode.TryGetValue(node, out var observations))
        {
            observations = new NodeObservations(depth);
            byNode[node] = observations;
        }
        observations.Add(keys, counts);
    }
}

/// <summary>Sparse count vectors of the users at one node, stored flat.</summary>
internal sealed class NodeObservations(int depth)
{
    public int Depth { get; } = depth;

    public List<int> Keys { get; } = [];

    public List<double> Counts { get; } = [];

    /// <summary>Start offset of each user's entries in <see cref="Keys"/>, plus a final end offset.</summary>
    public List<int> Starts { get; } = [0];

    public int UserCount => Starts.Count - 1;

    public void Add(ReadOnlySpan<int> keys, ReadOnlySpan<double> counts)
    {
        var added = false;
        for (var i = 0; i < keys.Length; i++)
        {
            if (counts[i] > 0)
            {
                Keys.Add(keys[i]);
                Counts.Add(counts[i]);
                added = true;
            }
        }
        if (added)
        {
            Starts.Add(Keys.Count);
        }
    }
}
