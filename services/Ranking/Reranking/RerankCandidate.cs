using Recommender.Ranking.Features;

namespace Recommender.Ranking.Reranking;

/// <summary>What re-ranking needs of a candidate.</summary>
/// <param name="Score">The model score (relevance).</param>
/// <param name="UnitVector">The embedding scaled to length 1, or null.</param>
/// <param name="CategoryPath">The item's category path ("" when unknown).</param>
public sealed record RerankCandidate(double Score, float[]? UnitVector, string CategoryPath)
{
    /// <summary>
    /// Item-item similarity for diversity: the cosine of the embeddings when both items have one;
    /// otherwise category overlap, the share of leading path segments they have in common
    /// (shared prefix depth / the deeper path's depth; 0 when neither has a category).
    /// </summary>
    public static double Similarity(RerankCandidate a, RerankCandidate b)
    {
        if (a.UnitVector is not null && b.UnitVector is not null)
        {
            return VectorMath.Cosine(a.UnitVector, b.UnitVector);
        }
        var deeper = Math.Max(Features.CategoryPath.Depth(a.CategoryPath), Features.CategoryPath.Depth(b.CategoryPath));
        return deeper == 0 ? 0 : (double)Features.CategoryPath.CommonPrefixDepth(a.CategoryPath, b.CategoryPath) / deeper;
    }
}
