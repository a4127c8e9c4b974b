namespace Recommender.InterestModel.History;

/// <summary>
/// The per-user interest history (<see cref="InterestHistorySeries"/>): one cell per UTC day and category at
/// <see cref="Depth"/>, bounded by age and by count.
/// </summary>
public sealed class HistoryOptions
{
    /// <summary>Days kept, counted back from the user's latest event; older cells are dropped. Default 182 (26 weeks).</summary>
    public int RetentionDays { get; set; } = 182;

    /// <summary>Most cells (day × category) kept per user, 16 bytes each; the oldest days go first. Default 256.</summary>
    public int MaxCellsPerUser { get; set; } = 256;

    /// <summary>Tree depth of the categories tracked (1: top-level). Default 1.</summary>
    public int Depth { get; set; } = 1;

    /// <summary>A history spanning at most this many days is reported by day, a longer one by week (unless the request chooses). Default 42.</summary>
    public int DailyUpToDays { get; set; } = 42;

    internal void Validate()
    {
        if (RetentionDays is < 1 or > 3660)
        {
            throw new ArgumentException($"History.RetentionDays must be 1 to 3660, got {RetentionDays}");
        }
        if (MaxCellsPerUser is < 1 or > 100_000)
        {
            throw new ArgumentException($"History.MaxCellsPerUser must be 1 to 100000, got {MaxCellsPerUser}");
        }
        if (Depth is < 1 or > 16)
        {
            throw new ArgumentException($"History.Depth must be 1 to 16, got {Depth}");
        }
        if (DailyUpToDays is < 1 or > 3660)
        {
            throw new ArgumentException($"History.DailyUpToDays must be 1 to 3660, got {DailyUpToDays}");
        }
    }
}
