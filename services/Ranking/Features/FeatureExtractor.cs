using Recommender.Contracts.V1;

namespace Recommender.Ranking.Features;

/// <summary>
/// Computes the <see cref="RankingFeature"/>s of candidates for one user. The harness uses it to build
/// training lists, the service to score; both get the same numbers.
/// </summary>
public sealed class FeatureExtractor
{
    private readonly double _freshnessHalfLifeDays;

    /// <param name="freshnessHalfLifeDays">Age at which freshness is 0.5 (> 0).</param>
    public FeatureExtractor(double freshnessHalfLifeDays)
    {
        if (!(freshnessHalfLifeDays > 0) || !double.IsFinite(freshnessHalfLifeDays))
        {
            throw new ArgumentOutOfRangeException(nameof(freshnessHalfLifeDays), freshnessHalfLifeDays, "the freshness half-life must be a positive number of days");
        }
        _freshnessHalfLifeDays = freshnessHalfLifeDays;
    }

    /// <summary>Features of every candidate, in input order.</summary>
    /// <param name="now">The time freshness is measured from.</param>
    /// <exception cref="ArgumentException">Vectors of different dimensions.</exception>
    public IReadOnlyList<CandidateFeatures> Extract(UserContext? user, IReadOnlyList<RankCandidate> candidates, DateTimeOffset now)
    {
        var signals = new UserSignals(user ?? new UserContext());
        var result = new CandidateFeatures[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            result[i] = Extract(signals, candidates[i], now);
        }
        return result;
    }

    private CandidateFeatures Extract(UserSignals user, RankCandidate candidate, DateTimeOffset now)
    {
        var vector = new FeatureVector();
        var unit = VectorMath.UnitOrNull(candidate.Vector);

        var interestVector = user.InterestVector(candidate.InterestId);
        if (unit is not null && interestVector is not null)
        {
            vector[RankingFeature.InterestSimilarity] = VectorMath.Cosine(unit, interestVector);
        }
        else if (candidate.HasRetrievalScore)
        {
            // Retrieval's score is the cosine to the same interest vector (candidate_retrieval.proto).
            vector[RankingFeature.InterestSimilarity] = candidate.RetrievalScore;
        }

        if (unit is not null && user.OverallVector is not null)
        {
            vector[RankingFeature.OverallSimilarity] = VectorMath.Cosine(unit, user.OverallVector);
        }

        string? interestCategory = null;
        if (candidate.CategoryPath.Length > 0 && user.Categories.Count > 0)
        {
            // A known distribution without the item's category (or any ancestor) means no interest: 0, not absent.
            var probability = 0.0;
            foreach (var node in CategoryPath.SelfAndAncestors(candidate.CategoryPath))
            {
                if (user.Categories.TryGetValue(node, out var p))
                {
                    probability = p;
                    interestCategory = node;
                    break;
                }
            }
            vector[RankingFeature.CategoryInterest] = probability;
        }

        if (candidate.HasCovisitation)
        {
            vector[RankingFeature.Covisitation] = candidate.Covisitation;
        }
        if (candidate.HasPopularity)
        {
            vector[RankingFeature.Popularity] = candidate.Popularity;
        }
        if (candidate.CreatedAt is { } created)
        {
            var ageDays = Math.Max(0, (now - created.ToDateTimeOffset()).TotalDays);
            vector[RankingFeature.Freshness] = Math.Pow(2, -ageDays / _freshnessHalfLifeDays);
        }

        RecentItem? nearest = null;
        if (unit is not null)
        {
            var best = double.NegativeInfinity;
            foreach (var (item, recentVector) in user.RecentVectors)
            {
                if (recentVector.Length == unit.Length && item.ItemId != candidate.ItemId && VectorMath.Cosine(unit, recentVector) is var similarity && similarity > best)
                {
                    best = similarity;
                    nearest = item;
                }
            }
            if (nearest is not null)
            {
                vector[RankingFeature.HistorySimilarity] = best;
            }
        }
        return new CandidateFeatures(vector, unit, interestCategory, nearest);
    }

    /// <summary>The user's side, prepared once per request.</summary>
    private sealed class UserSignals
    {
        private readonly Dictionary<string, float[]> _interestVectors = new(StringComparer.Ordinal);

        public UserSignals(UserContext user)
        {
            foreach (var category in user.Categories)
            {
                Categories[category.CategoryPath] = category.Probability;
            }
            foreach (var interest in user.Interests)
            {
                if (VectorMath.UnitOrNull(interest.Vector) is { } unit)
                {
                    _interestVectors.TryAdd(interest.InterestId, unit);
                }
            }
            OverallVector = VectorMath.UnitOrNull(user.OverallVector);
            foreach (var recent in user.RecentItems)
            {
                if (VectorMath.UnitOrNull(recent.Vector) is { } unit)
                {
                    RecentVectors.Add((recent, unit));
                }
            }
        }

        /// <summary>The recent items that came with an embedding, most recent first, with their unit vectors.</summary>
        public List<(RecentItem Item, float[] Vector)> RecentVectors { get; } = [];

        public Dictionary<string, double> Categories { get; } = new(StringComparer.Ordinal);

        public float[]? OverallVector { get; }

        public float[]? InterestVector(string interestId) =>
            interestId.Length > 0 && _interestVectors.TryGetValue(interestId, out var vector) ? vector : null;
    }
}
