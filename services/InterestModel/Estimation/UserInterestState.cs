using Recommender.InterestModel.Domain;
using Recommender.InterestModel.History;
using Recommender.InterestModel.Signals;

namespace Recommender.InterestModel.Estimation;

/// <summary>
/// Everything the model keeps about one user, compactly: per-node statistics in an array sorted by node id (only
/// nodes the user touched), the strongest events as evidence, recent visits, and recent event ids. Applying an
/// event costs O(path length · log nodes) plus a scan of the small bounded buffers.
/// </summary>
internal sealed class UserInterestState
{
    private NodeStatistics[] nodes = new NodeStatistics[4];

    public UserInterestState(EstimationOptions options)
    {
        Evidence = new EvidencePool(options.EvidenceEventsPerUser);
        Visits = new RecentVisits(options.RecentVisitsPerUser);
        SeenEventIds = new RecentEventIds(options.RecentEventIdsPerUser);
    }

    private UserInterestState(EvidencePool evidence, RecentVisits visits, RecentEventIds seen, InterestHistorySeries history)
    {
        Evidence = evidence;
        Visits = visits;
        SeenEventIds = seen;
        History = history;
    }

    /// <summary>Time that stored masses are relative to; meaningful once <see cref="EventCount"/> &gt; 0.</summary>
    public long ReferenceMs { get; private set; }

    /// <summary>Latest event time applied.</summary>
    public long LastEventMs { get; private set; } = long.MinValue;

    /// <summary>Events applied to the statistics.</summary>
    public int EventCount { get; private set; }

    public int NodeCount { get; private set; }

    public ReadOnlySpan<NodeStatistics> Nodes => nodes.AsSpan(0, NodeCount);

    public EvidencePool Evidence { get; }

    public RecentVisits Visits { get; }

    public RecentEventIds SeenEventIds { get; }

    /// <summary>Category masses per day, for the interest history.</summary>
    public InterestHistorySeries History { get; } = new();

    /// <summary>Index of <paramref name="node"/> in <see cref="Nodes"/>, or a negative number.</summary>
    public int IndexOf(int node)
    {
        int low = 0, high = NodeCount - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var value = nodes[mid].Node;
            if (value == node)
            {
                return mid;
            }
            if (value < node)
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

    /// <summary>Adds one event of weight <paramref name="weight"/> on <paramref name="item"/> to every node on its paths.</summary>
    public void Apply(int itemIndex, CatalogItem item, ActionKind action, long timestampMs, double weight, DecayHalfLives halfLives)
    {
        if (EventCount == 0)
        {
            ReferenceMs = timestampMs;
        }
        else if (ExponentialDecay.NeedsRebase(ReferenceMs, timestampMs, halfLives.ShortMs))
        {
            Rebase(timestampMs, halfLives);
        }
        var longGrowth = ExponentialDecay.Growth(ReferenceMs, timestampMs, halfLives.LongMs);
        var shortGrowth = ExponentialDecay.Growth(ReferenceMs, timestampMs, halfLives.ShortMs);
        var pathNodes = item.PathNodes;
        var shares = item.PathShares;
        for (var i = 0; i < pathNodes.Length; i++)
        {
            ref var stats = ref GetOrAdd(pathNodes[i]);
            var mass = weight * shares[i];
            stats.EventCount++;
            stats.LongMass += mass * longGrowth;
            stats.ShortMass += mass * shortGrowth;
            stats.WeightSum += mass;
            stats.PieceSquareSum += weight * weight * item.PieceSquares[i];
        }
        EventCount++;
        LastEventMs = System.Math.Max(LastEventMs, timestampMs);
        Evidence.Offer(new EvidenceEntry(itemIndex, action, timestampMs, weight * longGrowth));
    }

    private ref NodeStatistics GetOrAdd(int node)
    {
        var index = IndexOf(node);
        if (index >= 0)
        {
            return ref nodes[index];
        }
        index = ~index;
        if (NodeCount == nodes.Length)
        {
            Array.Resize(ref nodes, nodes.Length * 2);
        }
        Array.Copy(nodes, index, nodes, index + 1, NodeCount - index);
        nodes[index] = new NodeStatistics { Node = node };
        NodeCount++;
        return ref nodes[index];
    }

    /// <summary>Moves the reference time to <paramref name="newReferenceMs"/>, rescaling every stored mass.</summary>
    private void Rebase(long newReferenceMs, DecayHalfLives halfLives)
    {
        var longFactor = ExponentialDecay.Growth(newReferenceMs, ReferenceMs, halfLives.LongMs);
        var shortFactor = ExponentialDecay.Growth(newReferenceMs, ReferenceMs, halfLives.ShortMs);
        for (var i = 0; i < NodeCount; i++)
        {
            nodes[i].LongMass *= longFactor;
            nodes[i].ShortMass *= shortFactor;
        }
        Evidence.Scale(longFactor);
        ReferenceMs = newReferenceMs;
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(ReferenceMs);
        writer.Write(LastEventMs);
        writer.Write(EventCount);
        writer.Write(NodeCount);
        foreach (var s in Nodes)
        {
            writer.Write(s.Node);
            writer.Write(s.EventCount);
            writer.Write(s.LongMass);
            writer.Write(s.ShortMass);
            writer.Write(s.WeightSum);
            writer.Write(s.PieceSquareSum);
        }
        Evidence.Write(writer);
        Visits.Write(writer);
        SeenEventIds.Write(writer);
        History.Write(writer);
    }

    public static UserInterestState Read(BinaryReader reader, EstimationOptions options)
    {
        var referenceMs = reader.ReadInt64();
        var lastEventMs = reader.ReadInt64();
        var eventCount = reader.ReadInt32();
        var nodeCount = reader.ReadInt32();
        var nodes = new NodeStatistics[System.Math.Max(4, nodeCount)];
        for (var i = 0; i < nodeCount; i++)
        {
            nodes[i] = new NodeStatistics
            {
                Node = reader.ReadInt32(),
                EventCount = reader.ReadInt32(),
                LongMass = reader.ReadDouble(),
                ShortMass = reader.ReadDouble(),
                WeightSum = reader.ReadDouble(),
                PieceSquareSum = reader.ReadDouble(),
            };
            if (i > 0 && nodes[i].Node <= nodes[i - 1].Node)
            {
                throw new InvalidDataException("snapshot user node statistics are not sorted by node id");
            }
        }
        var evidence = EvidencePool.Read(reader, options.EvidenceEventsPerUser);
        var visits = RecentVisits.Read(reader, options.RecentVisitsPerUser);
        var seen = RecentEventIds.Read(reader, options.RecentEventIdsPerUser);
        var history = InterestHistorySeries.Read(reader);
        return new UserInterestState(evidence, visits, seen, history)
        {
            ReferenceMs = referenceMs,
            LastEventMs = lastEventMs,
            EventCount = eventCount,
            NodeCount = nodeCount,
            nodes = nodes,
        };
    }
}
