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
        Range(RetentionDays, 1, 3660, nameof(RetentionDays));
        Range(MaxCellsPerUser, 1, 100_000, nameof(MaxCellsPerUser));
        Range(Depth, 1, 16, nameof(Depth));
        Range(DailyUpToDays, 1, 3660, nameof(DailyUpToDays));
    }

    private static void Range(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentException($"History.{name} must be {min} to {max}, got {value}");
        }
    }
}
