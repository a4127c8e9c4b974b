namespace Recommender.InterestModel.Signals;

/// <summary>
/// An item's strongest co-visited neighbours, at most N, with stored (decaying) masses. A new neighbour replaces the
/// weakest when it is stronger; since stored masses of later co-visits are larger, stale neighbours make way.
/// </summary>
internal sealed class NeighbourList(int capacity)
{
    private int[] items = new int[System.Math.Min(capacity, 4)];
    private double[] masses = new double[System.Math.Min(capacity, 4)];

    public int Count { get; private set; }

    public void Add(int neighbour, double mass)
    {
        var index = items.AsSpan(0, Count).IndexOf(neighbour);
        if (index >= 0)
        {
            masses[index] += mass;
            return;
        }
        if (Count < capacity)
        {
            if (Count == items.Length)
            {
                var size = System.Math.Min(capacity, items.Length * 2);
                Array.Resize(ref items, size);
                Array.Resize(ref masses, size);
            }
            items[Count] = neighbour;
            masses[Count] = mass;
            Count++;
            return;
        }
        var weakest = 0;
        for (var i = 1; i < Count; i++)
        {
            if (masses[i] < masses[weakest])
            {
                weakest = i;
            }
        }
        if (mass > masses[weakest])
        {
            items[weakest] = neighbour;
            masses[weakest] = mass;
        }
    }

    /// <summary>The i-th kept neighbour (0 to <see cref="Count"/> - 1) and its stored mass.</summary>
    public (int Item, double Mass) this[int i] => (items[i], masses[i]);

    public double Get(int neighbour)
    {
        var index = items.AsSpan(0, Count).IndexOf(neighbour);
        return index >= 0 ? masses[index] : 0;
    }

    /// <summary>Sum of the stored masses of every kept neighbour.</summary>
    public double Sum()
    {
        var sum = 0.0;
        for (var i = 0; i < Count; i++)
        {
            sum += masses[i];
        }
        return sum;
    }

    public void Scale(double factor)
    {
        for (var i = 0; i < Count; i++)
        {
            masses[i] *= factor;
        }
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Count);
        for (var i = 0; i < Count; i++)
        {
            writer.Write(items[i]);
            writer.Write(masses[i]);
        }
    }

    public static NeighbourList Read(BinaryReader reader, int capacity)
    {
        var list = new NeighbourList(capacity);
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            list.Add(reader.ReadInt32(), reader.ReadDouble());
        }
        return list;
    }
}
