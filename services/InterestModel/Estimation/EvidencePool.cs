using Recommender.InterestModel.Domain;

namespace Recommender.InterestModel.Estimation;

/// <summary>One retained event: which item, what action, when, and its long-term stored mass.</summary>
internal readonly record struct EvidenceEntry(int Item, ActionKind Action, long TimestampMs, double Mass);

/// <summary>
/// The user's strongest events by long-term stored mass, at most N. Because every mass of a user decays by the
/// same factor, this order never changes with time: the pool always holds the events that contribute most now.
/// Later events have larger stored masses, so new evidence displaces old evidence of the same weight.
/// </summary>
internal sealed class EvidencePool(int capacity)
{
    private readonly List<EvidenceEntry> entries = [];

    public int Capacity { get; } = capacity;

    public IReadOnlyList<EvidenceEntry> Entries => entries;

    public void Offer(EvidenceEntry entry)
    {
        if (entries.Count < Capacity)
        {
            entries.Add(entry);
            return;
        }
        var weakest = 0;
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].Mass < entries[weakest].Mass)
            {
                weakest = i;
            }
        }
        if (entry.Mass > entries[weakest].Mass)
        {
            entries[weakest] = entry;
        }
    }

    public void Scale(double factor)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            entries[i] = entries[i] with { Mass = entries[i].Mass * factor };
        }
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(entries.Count);
        foreach (var e in entries)
        {
            writer.Write(e.Item);
            writer.Write((byte)e.Action);
            writer.Write(e.TimestampMs);
            writer.Write(e.Mass);
        }
    }

    public static EvidencePool Read(BinaryReader reader, int capacity)
    {
        var pool = new EvidencePool(capacity);
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            pool.Offer(new EvidenceEntry(reader.ReadInt32(), (ActionKind)reader.ReadByte(), reader.ReadInt64(), reader.ReadDouble()));
        }
        return pool;
    }
}
