using Recommender.InterestModel.Domain;

namespace Recommender.InterestModel.Engine;

/// <summary>
/// Events whose item is not in the catalog yet, kept (never dropped) until the item arrives, up to
/// <see cref="Estimation.LimitOptions.MaxPendingEvents"/> in total.
/// </summary>
internal sealed class PendingEvents
{
    private readonly Dictionary<string, List<InterestEvent>> byItem = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> countsByUser = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    /// <summary>Events of <paramref name="userId"/> waiting for their item.</summary>
    public int CountFor(string userId) => countsByUser.GetValueOrDefault(userId);

    /// <summary>Ids of items that events wait for, at most <paramref name="limit"/>, in no particular order.</summary>
    public List<string> ItemIds(int limit) => byItem.Keys.Take(limit).ToList();

    public void Add(InterestEvent e)
    {
        if (!byItem.TryGetValue(e.ItemId, out var list))
        {
            list = [];
            byItem[e.ItemId] = list;
        }
        list.Add(e);
        Count++;
        countsByUser[e.UserId] = countsByUser.GetValueOrDefault(e.UserId) + 1;
    }

    /// <summary>Removes and returns the events waiting for <paramref name="itemId"/>, oldest first.</summary>
    public List<InterestEvent> Take(string itemId)
    {
        if (!byItem.Remove(itemId, out var list))
        {
            return [];
        }
        Count -= list.Count;
        foreach (var e in list)
        {
            var left = countsByUser[e.UserId] - 1;
            if (left == 0)
            {
                countsByUser.Remove(e.UserId);
            }
            else
            {
                countsByUser[e.UserId] = left;
            }
        }
        return [.. list.OrderBy(e => e.Timestamp)];
    }

    /// <summary>Drops every waiting event of <paramref name="userId"/>; returns how many there were.</summary>
    public int RemoveUser(string userId)
    {
        if (!countsByUser.Remove(userId, out var removed))
        {
            return 0;
        }
        foreach (var (itemId, list) in byItem.ToList())
        {
            list.RemoveAll(e => e.UserId == userId);
            if (list.Count == 0)
            {
                byItem.Remove(itemId);
            }
        }
        Count -= removed;
        return removed;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Count);
        foreach (var list in byItem.Values)
        {
            foreach (var e in list)
            {
                writer.Write(e.UserId);
                writer.Write(e.ItemId);
                writer.Write((byte)e.Action);
                writer.Write(e.RatingValue.HasValue);
                writer.Write(e.RatingValue ?? 0);
                writer.Write(e.Timestamp.ToUnixTimeMilliseconds());
                writer.Write(e.EventId);
            }
        }
    }

    public static PendingEvents Read(BinaryReader reader)
    {
        var pending = new PendingEvents();
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var userId = reader.ReadString();
            var itemId = reader.ReadString();
            var action = (ActionKind)reader.ReadByte();
            var hasRating = reader.ReadBoolean();
            var rating = reader.ReadDouble();
            var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64());
            var eventId = reader.ReadString();
            pending.Add(new InterestEvent(userId, itemId, action, hasRating ? rating : null, timestamp, eventId));
        }
        return pending;
    }
}
