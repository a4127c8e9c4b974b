namespace Recommender.InterestModel.Signals;

/// <summary>
/// Item-to-item co-visitation: two items co-visit when one user visits both in the same session (no pause longer
/// than <see cref="SignalOptions.SessionGap"/> between consecutive visits) at most
/// <see cref="SignalOptions.CoVisitationWindow"/> apart. Each such pair adds one decaying unit to both items'
/// <see cref="NeighbourList"/>; memory is bounded by N neighbours per item.
/// </summary>
internal sealed class CoVisitationIndex(SignalOptions options)
{
    private readonly DecayClock clock = new(options.CoVisitationHalfLife.TotalMilliseconds);
    private readonly List<NeighbourList?> neighbours = [];
    private readonly long sessionGapMs = (long)options.SessionGap.TotalMilliseconds;
    private readonly long windowMs = (long)options.CoVisitationWindow.TotalMilliseconds;

    /// <summary>Records a visit of <paramref name="item"/> against the user's earlier visits (before it is added to them).</summary>
    public void Record(RecentVisits visits, int item, long timestampMs)
    {
        var partners = Partners(visits.Items, visits.InsertionPoint(timestampMs), item, timestampMs);
        if (partners.Count == 0)
        {
            return;
        }
        var growth = clock.Growth(timestampMs, Rescale);
        foreach (var partner in partners)
        {
            ListOf(item).Add(partner, growth);
            ListOf(partner).Add(item, growth);
        }
    }

    /// <summary>Distinct items visited in the same session within the window, looking both back and forward in time.</summary>
    private List<int> Partners(IReadOnlyList<Visit> visits, int insertionPoint, int item, long timestampMs)
    {
        var partners = new List<int>();
        var boundary = timestampMs;
        for (var j = insertionPoint - 1; j >= 0; j--)
        {
            var visit = visits[j];
            if (boundary - visit.TimestampMs > sessionGapMs || timestampMs - visit.TimestampMs > windowMs)
            {
                break;
            }
            AddPartner(partners, visit.Item, item);
            boundary = visit.TimestampMs;
        }
        boundary = timestampMs;
        for (var j = insertionPoint; j < visits.Count; j++)
        {
            var visit = visits[j];
            if (visit.TimestampMs - boundary > sessionGapMs || visit.TimestampMs - timestampMs > windowMs)
            {
                break;
            }
            AddPartner(partners, visit.Item, item);
            boundary = visit.TimestampMs;
        }
        return partners;
    }

    private static void AddPartner(List<int> partners, int partner, int item)
    {
        if (partner != item && !partners.Contains(partner))
        {
            partners.Add(partner);
        }
    }

    /// <summary>
    /// The decayed co-visitation count of <paramref name="neighbour"/> in <paramref name="item"/>'s neighbour list at
    /// <paramref name="asOfMs"/> (0 when it is not among the item's strongest neighbours).
    /// </summary>
    public double Get(int item, int neighbour, long asOfMs)
    {
        var stored = item < neighbours.Count && neighbours[item] is { } list ? list.Get(neighbour) : 0;
        return stored > 0 ? stored * clock.DecayTo(asOfMs) : 0;
    }

    /// <summary>
    /// The co-visitation of <paramref name="neighbour"/> normalised by all of <paramref name="item"/>'s kept
    /// co-visitation: the share of the item's co-visits that went to the neighbour, in [0, 1]. Decay cancels.
    /// </summary>
    public double Normalised(int item, int neighbour)
    {
        if (item >= neighbours.Count || neighbours[item] is not { } list)
        {
            return 0;
        }
        var stored = list.Get(neighbour);
        if (!(stored > 0))
        {
            return 0;
        }
        var sum = list.Sum();
        return sum > 0 ? stored / sum : 0;
    }

    /// <summary>Adds each kept neighbour's <see cref="Normalised"/> co-visitation with <paramref name="item"/> to <paramref name="scores"/>.</summary>
    public void AddNormalisedNeighbours(int item, Dictionary<int, double> scores)
    {
        if (item >= neighbours.Count || neighbours[item] is not { } list || list.Sum() is var sum && !(sum > 0))
        {
            return;
        }
        for (var i = 0; i < list.Count; i++)
        {
            var (neighbour, mass) = list[i];
            scores[neighbour] = scores.GetValueOrDefault(neighbour) + mass / sum;
        }
    }

    private NeighbourList ListOf(int item)
    {
        while (neighbours.Count <= item)
        {
            neighbours.Add(null);
        }
        return neighbours[item] ??= new NeighbourList(options.NeighboursPerItem);
    }

    private void Rescale(double factor)
    {
        foreach (var list in neighbours)
        {
            list?.Scale(factor);
        }
    }

    public void Write(BinaryWriter writer)
    {
        clock.Write(writer);
        writer.Write(neighbours.Count);
        foreach (var list in neighbours)
        {
            writer.Write(list is not null);
            list?.Write(writer);
        }
    }

    public void Read(BinaryReader reader)
    {
        clock.Read(reader);
        var count = reader.ReadInt32();
        neighbours.Clear();
        for (var i = 0; i < count; i++)
        {
            neighbours.Add(reader.ReadBoolean() ? NeighbourList.Read(reader, options.NeighboursPerItem) : null);
        }
    }
}
