namespace Recommender.Encoder.Batching;

/// <summary>One sequence of a request, waiting in the queue or running in a batch.</summary>
internal sealed class QueuedItem(PendingRequest request, int index, int[] ids, long enqueuedTimestamp)
{
    public PendingRequest Request { get; } = request;

    /// <summary>Position of the sequence in its request, where its vector goes.</summary>
    public int Index { get; } = index;

    public int[] Ids { get; } = ids;

    public int Length => Ids.Length;

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of admission.</summary>
    public long EnqueuedTimestamp { get; } = enqueuedTimestamp;

    /// <summary>The item's node in the queue while it is queued; null once taken or removed.</summary>
    public LinkedListNode<QueuedItem>? Node { get; set; }
}
