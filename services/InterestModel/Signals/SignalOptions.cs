namespace Recommender.InterestModel.Signals;

/// <summary>Co-visitation and popularity settings.</summary>
public sealed class SignalOptions
{
    /// <summary>A pause longer than this between two visits of a user starts a new session. Default 30 minutes.</summary>
    public TimeSpan SessionGap { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Two visits in one session co-visit only if at most this far apart. Default 2 hours.</summary>
    public TimeSpan CoVisitationWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Neighbours kept per item; the weakest is evicted for a new one. Default 50.</summary>
    public int NeighboursPerItem { get; set; } = 50;

    /// <summary>Half-life of co-visitation counts. Default 14 days.</summary>
    public TimeSpan CoVisitationHalfLife { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Half-life of item popularity. Default 7 days.</summary>
    public TimeSpan PopularityHalfLife { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many of the user's most recent distinct items a candidate's co-visitation is summed over. Default 20.</summary>
    public int RecentItemsForCoVisitation { get; set; } = 20;

    internal void Validate()
    {
        if (SessionGap <= TimeSpan.Zero || CoVisitationWindow <= TimeSpan.Zero || CoVisitationHalfLife <= TimeSpan.Zero || PopularityHalfLife <= TimeSpan.Zero)
        {
            throw new ArgumentException("Signals time spans must be positive");
        }
        if (NeighboursPerItem < 1 || RecentItemsForCoVisitation < 1)
        {
            throw new ArgumentException("Signals.NeighboursPerItem and RecentItemsForCoVisitation must be positive");
        }
    }
}
