using System.Globalization;

namespace Recommender.Bench.RankingHarness.Cluster;

/// <summary>
/// The per-service settings the harness starts the cluster with (on top of the cluster harness's own).
/// MovieLens spans 1996 to 2016, so the default decays (long-term interests 90 days, co-visitation
/// 14 days, popularity 7 days) would make nearly every rating weightless; the half-lives are 10 years
/// instead, on timestamps shifted so the newest rating is a day old (<see cref="TimeShift"/>).
/// </summary>
public static class HarnessSettings
{
    /// <summary>Half-life used for interests, co-visitation and popularity.</summary>
    public const string LongHalfLife = "3650.00:00:00";

    public static Dictionary<string, string[]> For(HarnessArguments arguments, string weightsPath) => new()
    {
        ["interest-model"] =
        [
            $"InterestModel:Estimation:LongTermHalfLife={LongHalfLife}",
            $"InterestModel:Signals:CoVisitationHalfLife={LongHalfLife}",
            $"InterestModel:Signals:PopularityHalfLife={LongHalfLife}",
            // Ratings, not views: a MovieLens "session" is a rating sitting, and users come back days later.
            "InterestModel:Signals:SessionGap=1.00:00:00",
            "InterestModel:Signals:CoVisitationWindow=7.00:00:00",
            "InterestModel:Signals:NeighboursPerItem=200",
            // Refit the population prior soon after a load, so profiles use a prior fitted on all events.
            "InterestModel:RefitInterval=00:00:10",
            "InterestModel:RefitMinInterval=00:00:02",
        ],
        // Scoring every candidate again (the reasons check) needs k up to the candidate count: retrieval's pool plus the co-visited ones.
        ["ranking"] = [$"Ranking:WeightsPath={weightsPath}", "Ranking:MaxK=2000"],
        ["gateway"] =
        [
            string.Create(CultureInfo.InvariantCulture, $"Gateway:Recommend:CandidatePool={arguments.CandidatePool}"),
            string.Create(CultureInfo.InvariantCulture, $"Gateway:Recommend:CovisitedCandidates={arguments.CovisitedCandidates}"),
            // A loaded 2-core machine must not turn slow answers into fallbacks (which would be measured as the pipeline).
            "Gateway:Resilience:ReadTimeoutMs=20000",
            "Gateway:Resilience:WriteTimeoutMs=300000",
        ],
    };
}
