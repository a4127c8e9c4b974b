using Recommender.Pipeline;
using Recommender.Ranking.Features;
using Recommender.Ranking.Model;

namespace Recommender.RankingTrainer;

/// <summary>Where the cluster is, whom to learn from, and when new weights are good enough to publish.</summary>
public sealed record TrainerSettings
{
    public string InterestModelAddress { get; init; } = "http://127.0.0.1:50052";

    public string CandidateRetrievalAddress { get; init; } = "http://127.0.0.1:50053";

    /// <summary>Every ranking replica: each address's host name is resolved and every address it has gets the weights.</summary>
    public IReadOnlyList<string> RankingAddresses { get; init; } = ["http://127.0.0.1:50054"];

    /// <summary>The snapshot file kept between runs (the features the next run labels).</summary>
    public string SnapshotPath { get; init; } = "trainer/snapshot.pb";

    /// <summary>Learn from users with an event in the last this many days; 0 for every user.</summary>
    public double ActiveWithinDays { get; init; } = 30;

    /// <summary>Users snapshotted at most (the most recently active first).</summary>
    public int MaxUsers { get; init; } = 10_000;

    /// <summary>Users worked on at once.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>Share of users, in percent, held out to compare the new weights with the served ones (never trained on).</summary>
    public int HeldOutPercent { get; init; } = 20;

    /// <summary>Fewer labelled training lists than this: nothing is trained.</summary>
    public int MinTrainingLists { get; init; } = 20;

    /// <summary>Fewer held-out lists than this: nothing is published (the comparison would mean little).</summary>
    public int MinHeldOutLists { get; init; } = 5;

    /// <summary>The new weights' held-out NDCG@10 must beat the served weights' by more than this.</summary>
    public double MinGain { get; init; }

    public TrainingObjective Objective { get; init; } = TrainingObjective.Softmax;

    public double L2 { get; init; } = 1e-3;

    /// <summary>The features the model may use; null for all of ranking's features.</summary>
    public IReadOnlyCollection<RankingFeature>? Features { get; init; }

    /// <summary>Ranking's Ranking:FreshnessHalfLifeDays, so features match what ranking computes.</summary>
    public double FreshnessHalfLifeDays { get; init; } = 30;

    /// <summary>The gateway's Gateway:Recommend settings, so candidates match what the gateway ranks.</summary>
    public PipelineOptions Pipeline { get; init; } = new();

    /// <summary>Deadline of each backend call.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks every value and names the first one out of range.</summary>
    /// <exception cref="ArgumentException">The message names the setting and its limit.</exception>
    public void Validate()
    {
        Require(RankingAddresses.Count > 0, "--ranking needs at least one address");
        Require(ActiveWithinDays >= 0 && double.IsFinite(ActiveWithinDays), $"--active-within-days must be 0 or more, got {ActiveWithinDays}");
        Require(MaxUsers is >= 1 and <= 100_000, $"--max-users must be 1 to 100000, got {MaxUsers}");
        Require(Parallelism is >= 1 and <= 64, $"--parallel must be 1 to 64, got {Parallelism}");
        Require(HeldOutPercent is >= 1 and <= 90, $"--held-out-percent must be 1 to 90, got {HeldOutPercent}");
        Require(MinTrainingLists >= 1, $"--min-training-lists must be at least 1, got {MinTrainingLists}");
        Require(MinHeldOutLists >= 1, $"--min-held-out-lists must be at least 1, got {MinHeldOutLists}");
        Require(MinGain >= 0 && double.IsFinite(MinGain), $"--min-gain must be 0 or more, got {MinGain}");
        Require(L2 >= 0 && double.IsFinite(L2), $"--l2 must be 0 or more, got {L2}");
        Require(FreshnessHalfLifeDays > 0 && double.IsFinite(FreshnessHalfLifeDays), $"--freshness-half-life-days must be above 0, got {FreshnessHalfLifeDays}");
        Require(Pipeline.CandidatePool is >= 1 and <= 1000, $"--pool must be 1 to 1000, got {Pipeline.CandidatePool}");
        Require(Pipeline.CovisitedCandidates is >= 0 and <= 1000, $"--covisited must be 0 to 1000, got {Pipeline.CovisitedCandidates}");
        Require(CallTimeout > TimeSpan.Zero, "--call-timeout-seconds must be above 0");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
