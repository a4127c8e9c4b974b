using Recommender.Pipeline;
using Recommender.RankingTrainer;
using ClusterHost = Recommender.ClusterHarness.Cluster;

namespace Recommender.Bench.RankingHarness.Training;

/// <summary>
/// The cluster's own ranking trainer (services/RankingTrainer) pointed at the harness's cluster: every user counts
/// (MovieLens is old; its times are shifted, not recent), with the gateway's Recommend settings of this run.
/// </summary>
public static class HarnessTrainer
{
    public static TrainerSettings Settings(ClusterHost cluster, HarnessArguments arguments, string snapshotPath) => new()
    {
        InterestModelAddress = cluster["interest-model"].GrpcAddress,
        CandidateRetrievalAddress = cluster["candidate-retrieval"].GrpcAddress,
        RankingAddresses = [cluster["ranking"].GrpcAddress],
        SnapshotPath = snapshotPath,
        ActiveWithinDays = 0,
        MaxUsers = 100_000,
        Parallelism = arguments.Parallelism,
        CallTimeout = TimeSpan.FromMinutes(1),
        Pipeline = new PipelineOptions { CandidatePool = arguments.CandidatePool, CovisitedCandidates = arguments.CovisitedCandidates },
    };
}
