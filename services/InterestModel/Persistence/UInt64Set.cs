namespace Recommender.InterestModel.Persistence;

/// <summary>
/// A set of 64-bit keys in one array (open addressing, linear probing, load at most 3/4): 8 bytes per slot, about
/// 11 to 21 bytes per key. Insert and lookup only; a set is dropped as a whole when its time bucket expires.
/// </summary>
internal sealed class UInt64Set
{
    // 0 marks an empty slot; the key 0 is stored as this stand-in (a 64-bit hash is 0 with probability 2^-64).
    private const ulong ZeroStandIn = 0x9E3779B97F4A7C15UL;
    private ulong[] slots;
    private int shift;

    public UInt64Set(int expectedCount = 0)
    {
        var size = 16;
        while (size * 3 / 4 < expectedCount)
        {
            size *= 2;
        }
        slots = new ulong[size];
        shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
    }

    /// <summary>Keys in the set.</summary>
    public int Count { get; private set; }

    public bool Contains(ulong key)
    {
        key = key == 0 ? ZeroStandIn : key;
        var mask = slots.Length - 1;
        for (var i = SlotOf(key); ; i = (i + 1) & mask)
        {
            var slot = slots[i];
            if (slot == key)
            {
                return true;
            }
            if (slot == 0)
            {
                return false;
            }
        }
    }

    /// <summary>Adds <paramref name="key"/>; false when it was already there.</summary>
    public bool Add(ulong key)
    {
        key = key == 0 ? ZeroStandIn : key;
        if ((Count + 1) * 4L > slots.Length * 3L)
        {
            Grow();
        }
        return Insert(slots, key);
    }

    private bool Insert(ulong[] table, ulong key)
    {
        var mask = table.Length - 1;
        for (var i = SlotOf(key); ; i = (i + 1) & mask)
        {
            if (table[i] == key)
            {
                return false;
            }
            if (table[i] == 0)
            {
                table[i] = key;
                Count++;
                return true;
            }
        }
    }

    // Fibonacci hashing: the high bits of key * 2^64/phi spread any key pattern over the table.
    private int SlotOf(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> shift);

    private void Grow()
    {
        var old = slots;
        slots = new ulong[old.Length * 2];
        shift--;
        Count = 0;
        foreach (var key in old)
        {
            if (key != 0)
            {
                Insert(slots, key);
            }
        }
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Count);
        foreach (var key in slots)
        {
            if (key != 0)
            {
                writer.Write(key);
            }
        }
    }

    public static UInt64Set Read(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException($"dedupe set with a negative count {count}");
        }
        var set = new UInt64Set(count);
        for (var i = 0; i < count; i++)
        {
            set.Add(reader.ReadUInt64());
        }
        return set;
    }
}
