using Recommender.Contracts.V1;
using Recommender.Ranking.Features;
using Recommender.Ranking.Model;
using UserAction = Recommender.Contracts.V1.Action;

namespace Recommender.Ranking.Reasons;

/// <summary>
/// Turns an item's largest score contributions into a reason a person can read. Only a contribution that raised
/// the score (a positive weight and a contribution above 0, i.e. the value is above the training mean) may be
/// cited, tried from the largest down; each gives a reason only when its claim is true:
/// <list type="bullet">
/// <item>co-visitation (above what absence would add, so removing the cited items lowers the score; a cited recent
/// item with a title): "Because you viewed Heat and Ronin";</item>
/// <item>category interest (the user's probability at the matched node above 0): "Matches your interest in Crime (34%)";</item>
/// <item>history similarity: "Similar to Heat (cosine 0.82)", Heat being the recent item nearest to the candidate by
/// embedding (removing it from the history lowers the feature, so the score);</item>
/// <item>interest or overall similarity: "Similar to items you liked" (the user's vectors, no single item);</item>
/// <item>popularity: "Popular this week" (configurable);</item>
/// <item>freshness: "New in Electronics".</item>
/// </list>
/// When none applies: "Recommended for you" (no claim).
/// </summary>
public sealed class ReasonBuilder
{
    /// <summary>At most this many titles are cited.</summary>
    public const int MaxCitedItems = 2;

    private readonly string _popularText;
    private readonly double _covisitationMissingWeight;
    private readonly Dictionary<string, RecentItem> _recentById = new(StringComparer.Ordinal);

    /// <param name="user">The request's user (recent items, categories and interests).</param>
    /// <param name="popularText">The sentence for popular items.</param>
    /// <param name="model">The scoring model (for what an absent co-visitation would add).</param>
    public ReasonBuilder(UserContext? user, string popularText, RankingModel model)
    {
        user ??= new UserContext();
        _popularText = popularText;
        _covisitationMissingWeight = model.WeightOf(RankingFeature.Covisitation)?.MissingWeight ?? 0;
        foreach (var item in user.RecentItems)
        {
            _recentById.TryAdd(item.ItemId, item); // most recent first: keep the latest action
        }
    }

    /// <summary>The reason for one ranked item (never null).</summary>
    public Reason Build(RankCandidate candidate, CandidateFeatures features, ScoreBreakdown breakdown)
    {
        var parts = breakdown.Parts
            .Where(p => !p.Absent && p.Weight > 0 && p.Contribution > 0)
            .OrderByDescending(p => p.Contribution)
            .ThenBy(p => p.Feature);
        foreach (var part in parts)
        {
            var reason = part.Feature switch
            {
                RankingFeature.Covisitation when part.Contribution > _covisitationMissingWeight => BecauseYouInteracted(candidate),
                RankingFeature.CategoryInterest when part.Value > 0 && features.InterestCategory is { } node => InterestMatch(node, part.Value),
                RankingFeature.HistorySimilarity when features.NearestRecent is { Title.Length: > 0 } nearest => SimilarTo(nearest, part.Value),
                RankingFeature.InterestSimilarity or RankingFeature.OverallSimilarity when part.Value > 0 => new Reason { Kind = Reason.Types.Kind.SimilarContent, Text = "Similar to items you liked" },
                RankingFeature.Popularity => new Reason { Kind = Reason.Types.Kind.Popular, Text = _popularText },
                RankingFeature.Freshness => Fresh(candidate),
                _ => null,
            };
            if (reason is not null)
            {
                return reason;
            }
        }
        return new Reason { Kind = Reason.Types.Kind.Unspecified, Text = "Recommended for you" };
    }

    private Reason? BecauseYouInteracted(RankCandidate candidate)
    {
        var cited = new List<(string Id, string Title, UserAction Action)>();
        foreach (var source in candidate.CovisitSources.OrderByDescending(s => s.Weight))
        {
            _recentById.TryGetValue(source.ItemId, out var recent);
            var title = source.Title.Length > 0 ? source.Title : recent?.Title ?? "";
            if (title.Length == 0 || cited.Any(c => c.Id == source.ItemId))
            {
                continue;
            }
            cited.Add((source.ItemId, title, recent?.Action ?? UserAction.Unspecified));
            if (cited.Count == MaxCitedItems)
            {
                break;
            }
        }
        if (cited.Count == 0)
        {
            return null;
        }
        var reason = new Reason
        {
            Kind = Reason.Types.Kind.BecauseYouInteracted,
            Text = ReasonText.BecauseYou(cited.Select(c => (c.Title, c.Action)).ToList()),
        };
        reason.ItemIds.AddRange(cited.Select(c => c.Id));
        return reason;
    }

    private static Reason InterestMatch(string node, double probability) => new()
    {
        Kind = Reason.Types.Kind.InterestMatch,
        Text = $"Matches your interest in {CategoryPath.LastSegment(node)} ({ReasonText.Percent(probability)})",
        CategoryPath = node,
        Probability = probability,
    };

    /// <summary>"Similar to X (cosine 0.82)", X the recent item nearest to the candidate by embedding (what history_similarity measured).</summary>
    private static Reason SimilarTo(RecentItem nearest, double similarity)
    {
        var reason = new Reason { Kind = Reason.Types.Kind.SimilarContent, Text = ReasonText.SimilarTo(nearest.Title, similarity), Similarity = similarity };
        reason.ItemIds.Add(nearest.ItemId);
        return reason;
    }

    private static Reason Fresh(RankCandidate candidate) => candidate.CategoryPath.Length > 0
        ? new Reason { Kind = Reason.Types.Kind.Fresh, Text = $"New in {CategoryPath.LastSegment(candidate.CategoryPath)}", CategoryPath = candidate.CategoryPath }
        : new Reason { Kind = Reason.Types.Kind.Fresh, Text = "New arrival" };
}
