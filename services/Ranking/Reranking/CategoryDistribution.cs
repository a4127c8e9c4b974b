using Recommender.Contracts.V1;
using Recommender.Ranking.Features;

namespace Recommender.Ranking.Reranking;

/// <summary>
/// The user's interest distribution p over the category nodes of one tree level, the target that
/// calibration pulls the list's category mix towards.
/// </summary>
public sealed class CategoryDistribution
{
    private CategoryDistribution(int depth, Dictionary<string, double> probabilities)
    {
        Depth = depth;
        Probabilities = probabilities;
    }

    /// <summary>The tree level of the nodes (1 = top level).</summary>
    public int Depth { get; }

    /// <summary>Node path to probability; positive values summing to 1.</summary>
    public IReadOnlyDictionary<string, double> Probabilities { get; }

    /// <summary>The node an item counts towards: its path cut to <see cref="Depth"/> segments ("" when it has none).</summary>
    public string NodeOf(string itemCategoryPath) => CategoryPath.Truncate(itemCategoryPath, Depth);

    /// <summary>
    /// The user's distribution at <paramref name="depth"/>, or at the deepest shallower level present
    /// when the profile does not go that deep; renormalised over positive entries. Null when the
    /// profile has no positive probability at or above that level.
    /// </summary>
    public static CategoryDistribution? FromProfile(IEnumerable<CategoryProbability> categories, int depth)
    {
        var byDepth = categories
            .Where(c => c.Probability > 0 && c.CategoryPath.Length > 0 && CategoryPath.Depth(c.CategoryPath) <= depth)
            .GroupBy(c => CategoryPath.Depth(c.CategoryPath))
            .OrderByDescending(g => g.Key)
            .FirstOrDefault();
        return byDepth is null ? null : FromProbabilities(byDepth.Select(c => (c.CategoryPath, c.Probability)), byDepth.Key);
    }

    /// <summary>A distribution from (node, weight) pairs at one level, renormalised; null when nothing is positive.</summary>
    public static CategoryDistribution? FromProbabilities(IEnumerable<(string Node, double Weight)> entries, int depth)
    {
        var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (node, weight) in entries)
        {
            if (weight > 0)
            {
                probabilities[node] = probabilities.GetValueOrDefault(node) + weight;
            }
        }
        var total = probabilities.Values.Sum();
        if (!(total > 0))
        {
            return null;
        }
        foreach (var node in probabilities.Keys.ToList())
        {
            probabilities[node] /= total;
        }
        return new CategoryDistribution(depth, probabilities);
    }
}
