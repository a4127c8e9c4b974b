namespace Recommender.InterestModel.Estimation;

/// <summary>
/// The last N event ids of a user as 64-bit stable hashes in a ring, for idempotency: a repeated id within the
/// window is counted once. Older repeats are the event log's global dedupe's job.
/// </summary>
internal sealed class RecentEventIds(int capacity)
{
    private ulong[] hashes = new ulong[System.Math.Min(capacity, 8)];
    private int count;
    private int next;

    public int Capacity { get; } = capacity;

    public bool Contains(ulong hash) => hashes.AsSpan(0, count).Contains(hash);

    public void Add(ulong hash)
    {
        if (count < Capacity)
        {
            if (count == hashes.Length)
            {
                Array.Resize(ref hashes, System.Math.Min(Capacity, hashes.Length * 2));
            }
            hashes[count++] = hash;
            return;
        }
        hashes[next] = hash;
        next = (next + 1) % Capacity;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(count);
        writer.Write(next);
        for (var i = 0; i < count; i++)
        {
            writer.Write(hashes[i]);
        }
    }

    public static RecentEventIds Read(BinaryReader reader, int capacity)
    {
        var ids = new RecentEventIds(capacity);
        var count = reader.ReadInt32();
        var next = reader.ReadInt32();
        var stored = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            stored[i] = reader.ReadUInt64();
        }
        // Replay in insertion order so a smaller configured capacity keeps the newest ids.
        for (var i = 0; i < count; i++)
        {
            ids.Add(stored[(next + i) % count]);
        }
        return ids;
    }
}
