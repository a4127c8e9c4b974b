using System.Numerics.Tensors;

namespace Recommender.CandidateRetrieval.Index;

/// <summary>
/// The neighbour-selection heuristic of Malkov and Yashunin (Algorithm 4, without extending the
/// candidate set and without keeping pruned connections, as hnswlib does): walk the candidates from
/// most to least similar to the base and keep one only if it is more similar to the base than to every
/// neighbour kept so far. This keeps links pointing in diverse directions, which is what lets greedy
/// search cross between clusters.
/// </summary>
internal static class NeighborSelection
{
    /// <summary>Sorts <paramref name="candidates"/> (scores are similarity to the base) and writes at most
    /// <paramref name="max"/> chosen ones to <paramref name="selected"/>; returns how many.</summary>
    public static int Select(NodeStore store, Span<ScoredNode> candidates, int max, Span<ScoredNode> selected)
    {
        candidates.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        int count = 0;
        foreach (var candidate in candidates)
        {
            if (count >= max)
            {
                break;
            }
            var candidateVector = store.Vector(candidate.Id);
            bool diverse = true;
            for (int i = 0; i < count; i++)
            {
                if (TensorPrimitives.Dot(candidateVector, store.Vector(selected[i].Id)) > candidate.Score)
                {
                    diverse = false;
                    break;
                }
            }
            if (diverse)
            {
                selected[count++] = candidate;
            }
        }
        return count;
    }

    /// <summary>Writes the nodes' ids to <paramref name="destination"/> and returns that part of it.</summary>
    public static ReadOnlySpan<int> CopyIds(ReadOnlySpan<ScoredNode> nodes, int[] destination)
    {
        for (int i = 0; i < nodes.Length; i++)
        {
            destination[i] = nodes[i].Id;
        }
        return destination.AsSpan(0, nodes.Length);
    }

    public static int[] ToIds(ReadOnlySpan<ScoredNode> nodes)
    {
        var ids = new int[nodes.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = nodes[i].Id;
        }
        return ids;
    }
}
