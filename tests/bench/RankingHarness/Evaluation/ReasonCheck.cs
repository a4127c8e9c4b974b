using Recommender.Bench.RankingHarness.Cluster;
using Recommender.Contracts.V1;

namespace Recommender.Bench.RankingHarness.Evaluation;

/// <summary>
/// The "because you watched X" test: for each item of a user's top 10 whose reason cites items, the
/// cited items are removed from the history ranking sees (from the user's recent items, and from
/// every candidate's co-visitation sources, whose weight leaves its co-visitation score), and Rank
/// is called again with the same candidates and options: does the item's score fall, does it leave the top 10?
/// </summary>
public static class ReasonCheck
{
    private const double Epsilon = 1e-9;

    public static async Task RunAsync(PipelineMirror mirror, RankRequest request, RankResponse ranked, ReasonTally tally)
    {
        var byCited = ranked.Items
            .Where(i => i.Reason?.Kind == Reason.Types.Kind.BecauseYouInteracted && i.Reason.ItemIds.Count > 0)
            .GroupBy(i => string.Join('\u0001', i.Reason.ItemIds.Order(StringComparer.Ordinal)));
        foreach (var group in byCited)
        {
            var cited = group.First().Reason.ItemIds.ToHashSet(StringComparer.Ordinal);
            var without = Without(request, cited);
            var deadline = DateTime.UtcNow.AddMinutes(1);
            var top10 = await mirror.Ranking.RankAsync(without, deadline: deadline);
            var scoring = without.Clone();
            scoring.K = scoring.Candidates.Count;
            scoring.Options = new RankOptions { DisableReranking = true };
            var scores = (await mirror.Ranking.RankAsync(scoring, deadline: deadline)).Items.ToDictionary(i => i.ItemId, i => i.Score, StringComparer.Ordinal);
            var stillInTop = top10.Items.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
            foreach (var item in group)
            {
                tally.AddRemoval(scoreDropped: scores[item.ItemId] < item.Score - Epsilon, leftTop10: !stillInTop.Contains(item.ItemId));
            }
        }
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
