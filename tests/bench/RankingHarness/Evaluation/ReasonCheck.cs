using Recommender.Contracts.V1;

namespace Recommender.Bench.RankingHarness.Evaluation;

/// <summary>
/// The faithfulness test: for each item of a user's top 10 with a personal reason, what the reason cites is removed
/// from what ranking sees, and Rank is called again with the same candidates and options: does the item's score
/// fall, does it leave the top 10? "Because you watched X" and "Similar to X": X leaves the user's recent items and
/// every candidate's co-visitation sources (whose weight leaves its co-visitation score). "Matches your interest in
/// C": C and the categories under it leave the user's distribution and interests.
/// </summary>
public static class ReasonCheck
{
    private const double Epsilon = 1e-9;

    public static async Task RunAsync(Contracts.V1.Ranking.RankingClient ranking, RankRequest request, RankResponse ranked, ReasonTally tally)
    {
        var byCited = ranked.Items
            .Where(i => IsPersonal(i.Reason))
            .GroupBy(i => $"{i.Reason.Kind}\u0002{i.Reason.CategoryPath}\u0002{string.Join('\u0001', i.Reason.ItemIds.Order(StringComparer.Ordinal))}");
        foreach (var group in byCited)
        {
            var reason = group.First().Reason;
            var without = reason.Kind == Reason.Types.Kind.InterestMatch
                ? WithoutCategory(request, reason.CategoryPath)
                : Without(request, reason.ItemIds.ToHashSet(StringComparer.Ordinal));
            var deadline = DateTime.UtcNow.AddMinutes(1);
            var top10 = await ranking.RankAsync(without, deadline: deadline);
            var scoring = without.Clone();
            scoring.K = scoring.Candidates.Count;
            scoring.Options = new RankOptions { DisableReranking = true };
            var scores = (await ranking.RankAsync(scoring, deadline: deadline)).Items.ToDictionary(i => i.ItemId, i => i.Score, StringComparer.Ordinal);
            var stillInTop = top10.Items.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
            foreach (var item in group)
            {
                tally.AddRemoval(reason.Kind.ToString(), scoreDropped: scores[item.ItemId] < item.Score - Epsilon, leftTop10: !stillInTop.Contains(item.ItemId));
            }
        }
    }

    /// <summary>A reason about the user: an item they interacted with, one like it, or one of their interests.</summary>
    public static bool IsPersonal(Reason? reason) => reason is not null && (reason.Kind switch
    {
        Reason.Types.Kind.BecauseYouInteracted or Reason.Types.Kind.SimilarContent => reason.ItemIds.Count > 0,
        Reason.Types.Kind.InterestMatch => reason.CategoryPath.Length > 0,
        _ => false,
    });

    /// <summary>The request as if the user had no interest in <paramref name="category"/> or below it.</summary>
    public static RankRequest WithoutCategory(RankRequest request, string category)
    {
        bool Under(string path) => path == category || path.StartsWith(category + "/", StringComparison.Ordinal);
        var copy = request.Clone();
        var categories = copy.User.Categories.Where(c => !Under(c.CategoryPath)).ToList();
        copy.User.Categories.Clear();
        copy.User.Categories.AddRange(categories);
        return copy;
    }

    /// <summary>The request as if the user had never interacted with <paramref name="cited"/>.</summary>
    public static RankRequest Without(RankRequest request, IReadOnlySet<string> cited)
    {
        var copy = request.Clone();
        var recent = copy.User.RecentItems.Where(r => !cited.Contains(r.ItemId)).ToList();
        copy.User.RecentItems.Clear();
        copy.User.RecentItems.AddRange(recent);
        foreach (var candidate in copy.Candidates)
        {
            var removed = candidate.CovisitSources.Where(s => cited.Contains(s.ItemId)).ToList();
            if (removed.Count == 0)
            {
                continue;
            }
            var kept = candidate.CovisitSources.Where(s => !cited.Contains(s.ItemId)).ToList();
            candidate.CovisitSources.Clear();
            candidate.CovisitSources.AddRange(kept);
            candidate.Covisitation = Math.Max(0, candidate.Covisitation - removed.Sum(s => s.Weight));
        }
        return copy;
    }
}
