using Recommender.InterestModel.Domain;
using Recommender.InterestModel.Estimation;

namespace Recommender.InterestModel.History;

public enum HistoryGranularity
{
    /// <summary>Chosen by the history's span (<see cref="HistoryOptions.DailyUpToDays"/>).</summary>
    Auto,
    Day,
    Week,
}

/// <summary>One category in one period.</summary>
/// <param name="Mass">Weight of the period's events in the category, decayed to the period's end.</param>
/// <param name="DecayedMass">The category's long-term mass at the period's end (every retained earlier period, decayed).</param>
/// <param name="Share">DecayedMass over the sum of every category's at the period's end.</param>
public sealed record PeriodCategory(string Path, double Mass, double DecayedMass, double Share, int Events);

/// <summary>A day or a week (Monday to Sunday, UTC), with the categories that have mass at its end.</summary>
public sealed record HistoryPeriod(DateTimeOffset Start, DateTimeOffset End, int Events, IReadOnlyList<PeriodCategory> Categories);

/// <summary>A user's interest over time, one period after the other from the first retained to the latest event's.</summary>
public sealed record InterestHistory(string UserId, HistoryGranularity Granularity, int Depth, double HalfLifeDays, IReadOnlyList<HistoryPeriod> Periods);

/// <summary>Turns a series of day cells into contiguous periods of the chosen granularity.</summary>
internal static class InterestHistoryReport
{
    public static InterestHistory Build(string userId, InterestHistorySeries? series, CategoryTree tree, double halfLifeMs, HistoryOptions options, HistoryGranularity granularity)
    {
        var halfLifeDays = halfLifeMs / InterestHistorySeries.DayMs;
        if (series is null || series.Count == 0)
        {
            return new InterestHistory(userId, granularity == HistoryGranularity.Auto ? HistoryGranularity.Day : granularity, options.Depth, halfLifeDays, []);
        }
        var cells = series.Cells;
        var firstDay = cells[0].Day;
        var lastDay = cells[^1].Day;
        if (granularity == HistoryGranularity.Auto)
        {
            granularity = lastDay - firstDay + 1 <= options.DailyUpToDays ? HistoryGranularity.Day : HistoryGranularity.Week;
        }
        var length = granularity == HistoryGranularity.Week ? 7 : 1;
        var start = PeriodStart(firstDay, length);
        var periodCount = (PeriodStart(lastDay, length) - start) / length + 1;
        var periodDecay = System.Math.Pow(2, -length * InterestHistorySeries.DayMs / halfLifeMs);
        var decayed = new Dictionary<int, double>();
        var periods = new List<HistoryPeriod>(periodCount);
        var next = 0;
        for (var p = 0; p < periodCount; p++)
        {
            var periodStart = start + p * length;
            var periodEnd = periodStart + length;
            foreach (var node in decayed.Keys.ToList())
            {
                decayed[node] *= periodDecay;
            }
            var masses = new Dictionary<int, (double Mass, int Events)>();
            for (; next < cells.Length && cells[next].Day < periodEnd; next++)
            {
                var cell = cells[next];
                var mass = cell.Mass * System.Math.Pow(2, -(periodEnd - cell.Day - 1) * InterestHistorySeries.DayMs / halfLifeMs);
                var (sum, events) = masses.GetValueOrDefault(cell.Node);
                masses[cell.Node] = (sum + mass, events + cell.Events);
                decayed[cell.Node] = decayed.GetValueOrDefault(cell.Node) + mass;
            }
            var total = decayed.Values.Sum();
            var categories = decayed
                .Select(pair => new PeriodCategory(tree.PathOf(pair.Key), masses.GetValueOrDefault(pair.Key).Mass, pair.Value,
                    total > 0 ? pair.Value / total : 0, masses.GetValueOrDefault(pair.Key).Events))
                .OrderByDescending(c => c.DecayedMass)
                .ThenBy(c => c.Path, StringComparer.Ordinal)
                .ToList();
            periods.Add(new HistoryPeriod(DateOf(periodStart), DateOf(periodEnd), masses.Values.Sum(m => m.Events), categories));
        }
        return new InterestHistory(userId, granularity, options.Depth, halfLifeDays, periods);
    }

    /// <summary>The first day of the period holding <paramref name="day"/>; weeks start on Monday (1970-01-01 was a Thursday).</summary>
    private static int PeriodStart(int day, int length) =>
        length == 1 ? day : day - (int)(((day + 3) % 7 + 7) % 7);

    private static DateTimeOffset DateOf(int day) => DateTimeOffset.FromUnixTimeMilliseconds(day * InterestHistorySeries.DayMs);
}
