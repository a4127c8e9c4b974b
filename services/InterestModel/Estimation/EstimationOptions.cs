namespace Recommender.InterestModel.Estimation;

/// <summary>Decay, smoothing, uncertainty and drift settings of the estimator.</summary>
public sealed class EstimationOptions
{
    /// <summary>Half-life of the long-term distribution: an event this old counts half. Default 90 days.</summary>
    public TimeSpan LongTermHalfLife { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Half-life of the short-term distribution (what the user is into now; drift movers). Default 1 day.</summary>
    public TimeSpan ShortTermHalfLife { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Probability mass of the reported credible intervals. Default 0.9.</summary>
    public double CredibleLevel { get; set; } = 0.9;

    /// <summary>
    /// Prior strength (sum of pseudo-counts) at a node before any empirical-Bayes fit covers it, spread evenly over the
    /// node's children. Default 2.
    /// </summary>
    public double DefaultPriorStrength { get; set; } = 2.0;

    /// <summary>
    /// Pseudo-count shared by all children of a fitted node that no user had touched at fit time (new categories).
    /// Default 0.1.
    /// </summary>
    public double UnseenChildrenPseudoCount { get; set; } = 0.1;

    /// <summary>
    /// Users with evidence at a node needed to fit that node's own prior; nodes with fewer share their level's
    /// strength and take their centre from pooled counts. Default 20.
    /// </summary>
    public int MinUsersForNodePrior { get; set; } = 20;

    /// <summary>Lower bound of a fitted prior strength (sum of a node's pseudo-counts). Default 0.05.</summary>
    public double MinPriorStrength { get; set; } = 0.05;

    /// <summary>
    /// Upper bound of a fitted prior strength: the population is never worth more than this many events at one node,
    /// even where users look identical. Default 1000.
    /// </summary>
    public double MaxPriorStrength { get; set; } = 1000;

    /// <summary>Most fixed-point iterations per node when fitting the prior. Default 1000.</summary>
    public int PriorFitMaxIterations { get; set; } = 1000;

    /// <summary>Relative change of every pseudo-count below which the fit stops. Default 1e-5.</summary>
    public double PriorFitTolerance { get; set; } = 1e-5;

    /// <summary>
    /// Log Bayes factor (natural log) above which drift is flagged: the recent events are this much better explained
    /// by a fresh interest distribution than by the user's older one. Default 3 (a factor of 20).
    /// </summary>
    public double DriftThreshold { get; set; } = 3.0;

    /// <summary>
    /// The drift test considers a change after each of the user's last N events (N at most
    /// <see cref="RecentVisitsPerUser"/>). Default 20.
    /// </summary>
    public int DriftWindowEvents { get; set; } = 20;

    /// <summary>Recent event ids remembered per user for idempotency (8 bytes each). Default 128.</summary>
    public int RecentEventIdsPerUser { get; set; } = 128;

    /// <summary>Strongest events kept per user as evidence and for interest vectors (24 bytes each). Default 32.</summary>
    public int EvidenceEventsPerUser { get; set; } = 32;

    /// <summary>Most recent visits kept per user: recent items, co-visitation, the drift window (16 bytes each). Default 32.</summary>
    public int RecentVisitsPerUser { get; set; } = 32;

    internal void Validate()
    {
        if (LongTermHalfLife <= TimeSpan.Zero || ShortTermHalfLife <= TimeSpan.Zero)
        {
            throw new ArgumentException("Estimation half-lives must be positive");
        }
        if (ShortTermHalfLife > LongTermHalfLife)
        {
            throw new ArgumentException(
                $"Estimation.ShortTermHalfLife ({ShortTermHalfLife}) must not exceed LongTermHalfLife ({LongTermHalfLife})");
        }
        if (!(CredibleLevel > 0 && CredibleLevel < 1))
        {
            throw new ArgumentException($"Estimation.CredibleLevel must be in (0, 1), got {CredibleLevel}");
        }
        if (!(DefaultPriorStrength > 0) || !(UnseenChildrenPseudoCount > 0))
        {
            throw new ArgumentException("Estimation pseudo-counts must be positive");
        }
        if (!(MinPriorStrength > 0) || !(MaxPriorStrength >= MinPriorStrength))
        {
            throw new ArgumentException("Estimation prior strength bounds must satisfy 0 < MinPriorStrength <= MaxPriorStrength");
        }
        if (MinUsersForNodePrior < 1 || PriorFitMaxIterations < 1 || !(PriorFitTolerance > 0))
        {
            throw new ArgumentException("Estimation prior fit settings must be positive");
        }
        if (RecentEventIdsPerUser < 1 || EvidenceEventsPerUser < 1 || RecentVisitsPerUser < 1)
        {
            throw new ArgumentException("Estimation per-user capacities must be positive");
        }
        if (DriftWindowEvents < 1 || DriftWindowEvents > RecentVisitsPerUser)
        {
            throw new ArgumentException(
                $"Estimation.DriftWindowEvents ({DriftWindowEvents}) must be between 1 and RecentVisitsPerUser ({RecentVisitsPerUser})");
        }
        if (!double.IsFinite(DriftThreshold))
        {
            throw new ArgumentException("Estimation.DriftThreshold must be finite");
        }
    }
}
