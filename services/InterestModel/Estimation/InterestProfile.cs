using Recommender.InterestModel.Domain;

namespace Recommender.InterestModel.Estimation;

/// <summary>A user's estimated interests at one point in time; what <c>GetInterests</c> returns.</summary>
/// <param name="UserId">The user.</param>
/// <param name="AsOf">The time the decay was evaluated at.</param>
/// <param name="IsColdStart">True when the model has no events of this user: everything is the population prior.</param>
/// <param name="EventCount">Events applied for this user.</param>
/// <param name="EffectiveEvidence">Long-term effective number of events (after action weights and decay).</param>
/// <param name="LongTerm">Long-term distribution, one entry per depth (1 = top level).</param>
/// <param name="ShortTerm">Short-term distribution, same shape.</param>
/// <param name="Drift">How strongly recent behaviour departs from the older one.</param>
/// <param name="TopInterests">The most probable interests at the configured depth, with vectors and evidence.</param>
/// <param name="RecentItems">The most recent distinct items, newest first.</param>
public sealed record InterestProfile(
    string UserId,
    DateTimeOffset AsOf,
    bool IsColdStart,
    int EventCount,
    double EffectiveEvidence,
    IReadOnlyList<InterestLevel> LongTerm,
    IReadOnlyList<InterestLevel> ShortTerm,
    DriftReport Drift,
    IReadOnlyList<TopInterest> TopInterests,
    IReadOnlyList<RecentItem> RecentItems)
{
    /// <summary>Events of this user waiting for their item to reach the catalog (not in <see cref="EventCount"/> yet).</summary>
    public int PendingEventCount { get; init; }

    /// <summary>Decayed, weight-averaged embedding of all the user's evidence items, L2-normalised; null without embeddings.</summary>
    public float[]? OverallVector { get; init; }
}

/// <summary>The distribution over the nodes of one depth, most probable first.</summary>
/// <param name="Depth">1 for top-level categories.</param>
/// <param name="Nodes">Reported nodes (those above the reporting threshold or with evidence, at most the configured number).</param>
public sealed record InterestLevel(int Depth, IReadOnlyList<NodeEstimate> Nodes);

/// <summary>The estimate for one category node.</summary>
/// <param name="Path">Category path, for example <c>Electronics/Phones</c>.</param>
/// <param name="Depth">Number of segments.</param>
/// <param name="Probability">Posterior mean probability that the user's next interaction falls in this category.</param>
/// <param name="Lower">Lower end of the credible interval (default 90%).</param>
/// <param name="Upper">Upper end of the credible interval.</param>
/// <param name="EvidenceCount">Events of this user in this category.</param>
/// <param name="EffectiveEvidence">Effective events in this category after action weights and decay.</param>
/// <param name="DecayedWeight">Decayed, action-weighted sum of the events in this category.</param>
public sealed record NodeEstimate(
    string Path,
    int Depth,
    double Probability,
    double Lower,
    double Upper,
    int EvidenceCount,
    double EffectiveEvidence,
    double DecayedWeight);

/// <summary>Whether the user's recent behaviour departs from their long-term interests.</summary>
/// <param name="Score">Natural-log Bayes factor of "the last events come from a new interest distribution" against "the same as before".</param>
/// <param name="Threshold">The configured score above which drift is flagged.</param>
/// <param name="Detected">Score above threshold.</param>
/// <param name="EventsSinceChange">When detected, the most likely number of events since the change; otherwise null.</param>
/// <param name="Movers">Top-level categories whose short-term probability differs most from their long-term one.</param>
public sealed record DriftReport(double Score, double Threshold, bool Detected, int? EventsSinceChange, IReadOnlyList<DriftMover> Movers);

/// <summary>A top-level category's long-term and short-term probability.</summary>
public sealed record DriftMover(string Path, double LongTermProbability, double ShortTermProbability);

/// <summary>One of the user's main interests.</summary>
/// <param name="Path">Category path.</param>
/// <param name="Probability">Posterior mean probability.</param>
/// <param name="Lower">Lower end of the credible interval.</param>
/// <param name="Upper">Upper end of the credible interval.</param>
/// <param name="EvidenceCount">Events of this user in this category.</param>
/// <param name="Vector">Decayed, weight-averaged embedding of the evidence items, L2-normalised; null without embeddings.</param>
/// <param name="Evidence">The events that contribute most, with their share of the category's decayed weight.</param>
public sealed record TopInterest(
    string Path,
    double Probability,
    double Lower,
    double Upper,
    int EvidenceCount,
    float[]? Vector,
    IReadOnlyList<EvidenceItem> Evidence);

/// <summary>An event behind an interest.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Action">What the user did.</param>
/// <param name="Timestamp">When.</param>
/// <param name="Share">Its share of the interest's decayed weight, in (0, 1].</param>
public sealed record EvidenceItem(string ItemId, ActionKind Action, DateTimeOffset Timestamp, double Share);

/// <summary>A recently visited item.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Timestamp">When the user last visited it.</param>
/// <param name="Action">What they did then.</param>
/// <param name="CategoryPath">The item's (first) category path.</param>
public sealed record RecentItem(string ItemId, DateTimeOffset Timestamp, ActionKind Action, string CategoryPath);
