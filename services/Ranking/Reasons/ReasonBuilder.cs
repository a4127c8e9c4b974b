using Recommender.Contracts.V1;
using Recommender.Ranking.Features;
using Recommender.Ranking.Model;
using UserAction = Recommender.Contracts.V1.Action;

namespace Recommender.Ranking.Reasons;

/// <summary>
/// Turns an item's largest score contributions into a reason a person can read. The features are
/// tried from the largest contribution down; each gives a reason only when its claim is true:
/// <list type="bullet">
/// <item>co-visitation (a positive weight, a contribution above 0 and above what absence would add, so
/// removing the cited items lowers the score; a cited recent item with a title): "Because you viewed Heat and Ronin";</item>
/// <item>category interest (the user's probability at the matched node above 0): "Matches your interest in Crime (34%)";</item>
/// <item>interest or overall similarity (cosine above 0): "Similar to Heat" (the most recent recent item
/// sharing the deepest category prefix with the item), or "Similar to items you liked";</item>
/// <item>popularity (a positive weight and contribution, i.e. more popular than the training mean): "Popular this week" (configurable);</item>
/// <item>freshness (a positive weight and contribution): "New in Electronics".</item>
/// </list>
/// When none applies: the interest that retrieved the item, then "Recommended for you".
/// </summary>
public sealed class ReasonBuilder
{
    /// <summary>At most this many titles are cited.</summary>
    public const int MaxCitedItems = 2;

    private readonly string _popularText;
    private readonly double _covisitationMissingWeight;
    private readonly Dictionary<string, RecentItem> _recentById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _categories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserInterest> _interests = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<RecentItem> _recent;

    /// <param name="user">The request's user (recent items, categories and interests).</param>
    /// <param name="popularText">The sentence for popular items.</param>
    /// <param name="model">The scoring model (for what an absent co-visitation would add).</param>
    public ReasonBuilder(UserContext? user, string popularText, RankingModel model)
    {
        user ??= new UserContext();
        _popularText = popularText;
        _covisitationMissingWeight = model.WeightOf(RankingFeature.Covisitation)?.MissingWeight ?? 0;
        _recent = user.RecentItems;
        foreach (var item in user.RecentItems)
        {
            _recentById.TryAdd(item.ItemId, item); // most recent first: keep the latest action
        }
        foreach (var category in user.Categories)
        {
            _categories[category.CategoryPath] = category.Probability;
        }
        foreach (var interest in user.Interests)
        {
            _interests.TryAdd(interest.InterestId, interest);
        }
    }

    /// <summary>The reason for one ranked item (never null).</summary>
    public Reason Build(RankCandidate candidate, CandidateFeatures features, ScoreBreakdown breakdown)
    {
        var parts = breakdown.Parts
            .Where(p => !p.Absent)
            .OrderByDescending(p => p.Contribution)
            .ThenBy(p => p.Feature);
        foreach (var part in parts)
        {
            var reason = part.Feature switch
            {
                RankingFeature.Covisitation when part.Weight > 0 && part.Contribution > Math.Max(0, _covisitationMissingWeight) => BecauseYouInteracted(candidate),
                RankingFeature.CategoryInterest when part.Value > 0 && features.InterestCategory is { } node => InterestMatch(node, part.Value),
                RankingFeature.InterestSimilarity or RankingFeature.OverallSimilarity when part.Value > 0 => SimilarContent(candidate),
                RankingFeature.Popularity when part.Weight > 0 && part.Contribution > 0 => new Reason { Kind = Reason.Types.Kind.Popular, Text = _popularText },
                RankingFeature.Freshness when part.Weight > 0 && part.Contribution > 0 => Fresh(candidate),
                _ => null,
            };
            if (reason is not null)
            {
                return reason;
            }
        }
        if (_interests.TryGetValue(candidate.InterestId, out var interest) && interest.CategoryPath.Length > 0)
        {
            return InterestMatch(interest.CategoryPath, _categories.GetValueOrDefault(interest.CategoryPath, interest.Probability));
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

    private Reason SimilarContent(RankCandidate candidate)
    {
        RecentItem? closest = null;
        var closestDepth = 0;
        foreach (var item in _recent)
        {
            var depth = CategoryPath.CommonPrefixDepth(item.CategoryPath, candidate.CategoryPath);
            if (depth > closestDepth && item.Title.Length > 0 && item.ItemId != candidate.ItemId)
            {
                closest = item;
                closestDepth = depth;
            }
        }
        if (closest is null)
        {
            return new Reason { Kind = Reason.Types.Kind.SimilarContent, Text = "Similar to items you liked" };
        }
        var reason = new Reason { Kind = Reason.Types.Kind.SimilarContent, Text = $"Similar to {closest.Title}" };
        reason.ItemIds.Add(closest.ItemId);
        return reason;
    }

    private static Reason Fresh(RankCandidate candidate) => candidate.CategoryPath.Length > 0
        ? new Reason { Kind = Reason.Types.Kind.Fresh, Text = $"New in {CategoryPath.LastSegment(candidate.CategoryPath)}", CategoryPath = candidate.CategoryPath }
        : new Reason { Kind = Reason.Types.Kind.Fresh, Text = "New arrival" };
}
