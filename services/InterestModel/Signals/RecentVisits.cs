using Recommender.InterestModel.Domain;

namespace Recommender.InterestModel.Signals;

/// <summary>One visit: an item index, when, the event's action weight, and the action itself (for recent items).</summary>
internal readonly record struct Visit(int Item, long TimestampMs, float Weight, ActionKind Action);

/// <summary>
/// A user's most recent visits, sorted by time, at most N (the oldest is dropped). Source of the profile's recent
/// items, of session co-visitation and of the drift test's recent window; events that arrive out of order are
/// inserted in place.
/// </summary>
internal sealed class RecentVisits(int capacity)
{
    private readonly List<Visit> visits = [];

    public int Capacity { get; } = capacity;

    /// <summary>Visits in time order, oldest first.</summary>
    public IReadOnlyList<Visit> Items => visits;

    /// <summary>Where a visit at <paramref name="timestampMs"/> goes: after every visit at the same time or earlier.</summary>
    public int InsertionPoint(long timestampMs)
    {
        int low = 0, high = visits.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (visits[mid].TimestampMs <= timestampMs)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    public void Add(Visit visit)
    {
        var at = InsertionPoint(visit.TimestampMs);
        if (visits.Count >= Capacity && at == 0)
        {
            return; // older than everything kept
        }
        visits.Insert(at, visit);
        if (visits.Count > Capacity)
        {
            visits.RemoveAt(0);
        }
    }

    /// <summary>The most recent distinct items, newest first, at most <paramref name="limit"/>.</summary>
    public List<Visit> LatestDistinct(int limit)
    {
        var result = new List<Visit>(System.Math.Min(limit, visits.Count));
        for (var i = visits.Count - 1; i >= 0 && result.Count < limit; i--)
        {
            var item = visits[i].Item;
            if (!result.Exists(v => v.Item == item))
            {
                result.Add(visits[i]);
            }
        }
        return result;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(visits.Count);
        foreach (var v in visits)
        {
            writer.Write(v.Item);
            writer.Write(v.TimestampMs);
            writer.Write(v.Weight);
            writer.Write((byte)v.Action);
        }
    }

    public static RecentVisits Read(BinaryReader reader, int capacity)
    {
        var recent = new RecentVisits(capacity);
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            recent.Add(new Visit(reader.ReadInt32(), reader.ReadInt64(), reader.ReadSingle(), (ActionKind)reader.ReadByte()));
        }
        return recent;
    }
}
