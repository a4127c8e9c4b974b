namespace Recommender.InterestModel.Estimation;

/// <summary>What an interest profile reports.</summary>
public sealed class ProfileOptions
{
    /// <summary>Depth of the nodes that count as "interests" (shallower leaves count too). Default 2.</summary>
    public int InterestDepth { get; set; } = 2;

    /// <summary>Most top interests per profile. Default 5.</summary>
    public int TopInterests { get; set; } = 5;

    /// <summary>Smallest probability of a top interest. Default 0.02.</summary>
    public double MinInterestProbability { get; set; } = 0.02;

    /// <summary>Most evidence events listed per interest. Default 3 (the contract's default).</summary>
    public int EvidencePerInterest { get; set; } = 3;

    /// <summary>Most recent items in a profile. Default 10.</summary>
    public int RecentItems { get; set; } = 10;

    /// <summary>Nodes below this probability are left out of the per-level distributions (unless the user has evidence there). Default 0.001.</summary>
    public double MinReportedProbability { get; set; } = 0.001;

    /// <summary>Most nodes reported per level. Default 200.</summary>
    public int MaxNodesPerLevel { get; set; } = 200;

    /// <summary>Most top-level categories listed as drift movers. Default 3.</summary>
    public int DriftMovers { get; set; } = 3;

    /// <summary>A copy, for per-request report sizes.</summary>
    public ProfileOptions Clone() => (ProfileOptions)MemberwiseClone();

    internal void Validate()
    {
        if (InterestDepth < 1 || TopInterests < 0 || EvidencePerInterest < 0 || RecentItems < 0 || MaxNodesPerLevel < 1 || DriftMovers < 0)
        {
            throw new ArgumentException("Profile sizes must be non-negative and InterestDepth, MaxNodesPerLevel positive");
        }
        if (!(MinInterestProbability >= 0 && MinInterestProbability <= 1) || !(MinReportedProbability >= 0 && MinReportedProbability <= 1))
        {
            throw new ArgumentException("Profile probability thresholds must be in [0, 1]");
        }
    }
}
