using Recommender.InterestModel.Estimation;

namespace Recommender.InterestModel.History;

/// <summary>One day's mass of one category: the weight of that day's events there, decayed to the day's end.</summary>
internal readonly record struct HistoryCell(int Day, int Node, float Mass, int Events);

/// <summary>
/// A user's interest over time, compactly: per UTC day (days since 1970-01-01) and tracked category, the
/// action-weighted mass of the day's events decayed to the end of that day (exact whatever the order events
/// arrive in), sorted by (day, node). Bounded by <see cref="HistoryOptions.RetentionDays"/> before the latest
/// event and by <see cref="HistoryOptions.MaxCellsPerUser"/> (whole days are dropped, oldest first).
/// </summary>
internal sealed class InterestHistorySeries
{
    public const long DayMs = 86_400_000;

    private HistoryCell[] cells = new HistoryCell[4];

    public int Count { get; private set; }

    public ReadOnlySpan<HistoryCell> Cells => cells.AsSpan(0, Count);

    /// <summary>Latest day an event was added on (meaningful when <see cref="Count"/> &gt; 0).</summary>
    public int LatestDay { get; private set; } = int.MinValue;

    /// <summary>Days before this one were dropped (by age or count) and stay out, so a late event cannot reopen them.</summary>
    public int FloorDay { get; private set; } = int.MinValue;

    public static int DayOf(long timestampMs) => (int)System.Math.Floor(timestampMs / (double)DayMs);

    /// <summary>Adds <paramref name="weight"/> at <paramref name="timestampMs"/> to <paramref name="node"/>, decayed to the day's end.</summary>
    public void Add(int node, long timestampMs, double weight, double halfLifeMs, HistoryOptions options)
    {
        var day = DayOf(timestampMs);
        var latest = System.Math.Max(LatestDay, day);
        if (day < FloorDay || day <= latest - options.RetentionDays)
        {
            return;
        }
        var dayEndMs = (day + 1L) * DayMs;
        var mass = (float)ExponentialDecay.Decayed(weight, timestampMs, dayEndMs, halfLifeMs);
        var index = IndexOf(day, node);
        if (index >= 0)
        {
            var cell = cells[index];
            cells[index] = cell with { Mass = cell.Mass + mass, Events = cell.Events + 1 };
        }
        else
        {
            Insert(~index, new HistoryCell(day, node, mass, 1));
        }
        LatestDay = latest;
        Trim(options);
    }

    private void Trim(HistoryOptions options)
    {
        var oldestKept = LatestDay - options.RetentionDays + 1;
        var drop = 0;
        while (drop < Count && cells[drop].Day < oldestKept)
        {
            drop++;
        }
        while (Count - drop > options.MaxCellsPerUser)
        {
            var day = cells[drop].Day;
            while (drop < Count && cells[drop].Day == day)
            {
                drop++;
            }
        }
        FloorDay = System.Math.Max(FloorDay, System.Math.Max(oldestKept, drop > 0 ? cells[drop - 1].Day + 1 : int.MinValue));
        if (drop > 0)
        {
            Array.Copy(cells, drop, cells, 0, Count - drop);
            Count -= drop;
        }
    }

    private int IndexOf(int day, int node)
    {
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var order = cells[mid].Day != day ? cells[mid].Day.CompareTo(day) : cells[mid].Node.CompareTo(node);
            if (order == 0)
            {
                return mid;
            }
            if (order < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return ~low;
    }

    private void Insert(int index, HistoryCell cell)
    {
        if (Count == cells.Length)
        {
            Array.Resize(ref cells, cells.Length * 2);
        }
        Array.Copy(cells, index, cells, index + 1, Count - index);
        cells[index] = cell;
        Count++;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(LatestDay);
        writer.Write(FloorDay);
        writer.Write(Count);
        foreach (var cell in Cells)
        {
            writer.Write(cell.Day);
            writer.Write(cell.Node);
            writer.Write(cell.Mass);
            writer.Write(cell.Events);
        }
    }

    public static InterestHistorySeries Read(BinaryReader reader)
    {
        var series = new InterestHistorySeries { LatestDay = reader.ReadInt32(), FloorDay = reader.ReadInt32() };
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException("snapshot interest history has a negative cell count");
        }
        series.cells = new HistoryCell[System.Math.Max(4, count)];
        for (var i = 0; i < count; i++)
        {
            var cell = new HistoryCell(reader.ReadInt32(), reader.ReadInt32(), reader.ReadSingle(), reader.ReadInt32());
            if (i > 0 && (cell.Day, cell.Node).CompareTo((series.cells[i - 1].Day, series.cells[i - 1].Node)) <= 0)
            {
                throw new InvalidDataException("snapshot interest history cells are not sorted by day and category");
            }
            series.cells[i] = cell;
        }
        series.Count = count;
        return series;
    }
}
