namespace Recommender.InterestModel.Signals;

/// <summary>Each item's decayed, action-weighted interaction mass, and the total over all items.</summary>
internal sealed class PopularityIndex(SignalOptions options)
{
    private readonly DecayClock clock = new(options.PopularityHalfLife.TotalMilliseconds);
    private readonly List<double> masses = [];
    private double total;
    private double max;

    /// <summary>Items with a slot (indices below this may have popularity).</summary>
    public int Count => masses.Count;

    public void Add(int item, double weight, long timestampMs)
    {
        var growth = clock.Growth(timestampMs, Rescale);
        while (masses.Count <= item)
        {
            masses.Add(0);
        }
        masses[item] += weight * growth;
        total += weight * growth;
        max = System.Math.Max(max, masses[item]);
    }

    /// <summary>The item's decayed popularity at <paramref name="asOfMs"/>.</summary>
    public double Get(int item, long asOfMs) => item < masses.Count ? masses[item] * clock.DecayTo(asOfMs) : 0;

    /// <summary>
    /// The item's popularity relative to the most popular item, in [0, 1]. Every mass decays by the same factor, so
    /// the ratio of stored masses is the ratio at any time.
    /// </summary>
    public double Normalised(int item) => item < masses.Count && max > 0 ? masses[item] / max : 0;

    /// <summary>The item's share of all decayed interaction mass (0 when there is none).</summary>
    public double Share(int item) => item < masses.Count && total > 0 ? masses[item] / total : 0;

    private void Rescale(double factor)
    {
        for (var i = 0; i < masses.Count; i++)
        {
            masses[i] *= factor;
        }
        total *= factor;
        max *= factor;
    }

    public void Write(BinaryWriter writer)
    {
        clock.Write(writer);
        writer.Write(total);
        writer.Write(masses.Count);
        foreach (var mass in masses)
        {
            writer.Write(mass);
        }
    }

    public void Read(BinaryReader reader)
    {
        clock.Read(reader);
        total = reader.ReadDouble();
        var count = reader.ReadInt32();
        masses.Clear();
        for (var i = 0; i < count; i++)
        {
            masses.Add(reader.ReadDouble());
        }
        max = masses.Count > 0 ? masses.Max() : 0;
    }
}
