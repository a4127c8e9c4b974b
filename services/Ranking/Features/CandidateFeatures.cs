using Recommender.Contracts.V1;

namespace Recommender.Ranking.Features;

/// <summary>What the extractor found for one candidate.</summary>
/// <param name="Vector">The raw feature values (absent ones unset).</param>
/// <param name="UnitVector">The candidate's embedding scaled to length 1, or null when it has none (for diversity).</param>
/// <param name="InterestCategory">The deepest node of the item's category path present in the user's distribution, or null.</param>
/// <param name="NearestRecent">The recent item behind <see cref="RankingFeature.HistorySimilarity"/> (the nearest by embedding), or null.</param>
public sealed record CandidateFeatures(FeatureVector Vector, float[]? UnitVector, string? InterestCategory, RecentItem? NearestRecent = null);
