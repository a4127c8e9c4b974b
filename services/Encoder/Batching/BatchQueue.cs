namespace Recommender.Encoder.Batching;

/// <summary>
/// Queued sequences in arrival order, with the totals admission control needs. Not thread-safe:
/// the batcher uses it under its lock.
/// </summary>
internal sealed class BatchQueue
{
    private readonly LinkedList<QueuedItem> _arrivals = new();
    private long _tokens;
    private long _earliestDeadline = long.MaxValue;

    public int Count => _arrivals.Count;

    /// <summary>Sum of queued sequence lengths; safe to read without the lock (for gauges).</summary>
    public long Tokens => Volatile.Read(ref _tokens);

    /// <summary>Queued items, oldest first.</summary>
    public LinkedList<QueuedItem> Arrivals => _arrivals;

    public void Enqueue(PendingRequest request)
    {
        foreach (var item in request.Items)
        {
            item.Node = _arrivals.AddLast(item);
        }

        Volatile.Write(ref _tokens, _tokens + request.Tokens);
        _earliestDeadline = Math.Min(_earliestDeadline, request.DeadlineTimestamp);
    }

    public void Remove(QueuedItem item)
    {
        if (item.Node is null)
        {
            return;
        }

        _arrivals.Remove(item.Node);
        item.Node = null;
        Volatile.Write(ref _tokens, _tokens - item.Length);
    }

    /// <summary>Removes the request's items that are still queued; returns how many were.</summary>
    public int RemoveAll(PendingRequest request)
    {
        var removed = 0;
        foreach (var item in request.Items)
        {
            if (item.Node is not null)
            {
                Remove(item);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Requests with a queued item whose deadline is at or before <paramref name="now"/>.</summary>
    public List<PendingRequest>? FindOverdue(long now)
    {
        // The deadline timers normally remove overdue requests first; this pass covers the gap
        // between a deadline and its timer, and is skipped while no deadline can have passed.
        if (now < _earliestDeadline)
        {
            return null;
        }

        List<PendingRequest>? overdue = null;
        var earliest = long.MaxValue;
        PendingRequest? previous = null;
        foreach (var item in _arrivals)
        {
            var request = item.Request;
            if (ReferenceEquals(request, previous))
            {
                continue;
            }

            previous = request;
            if (request.DeadlineTimestamp <= now)
            {
                (overdue ??= []).Add(request);
            }
            else
            {
                earliest = Math.Min(earliest, request.DeadlineTimestamp);
            }
        }

        _earliestDeadline = earliest;
        return overdue;
    }

    /// <summary>Empties the queue; returns the distinct requests that had items in it.</summary>
    public List<PendingRequest> Clear()
    {
        var requests = new List<PendingRequest>();
        foreach (var item in _arrivals)
        {
            item.Node = null;
            if (requests.Count == 0 || !ReferenceEquals(requests[^1], item.Request))
            {
                requests.Add(item.Request);
            }
        }

        _arrivals.Clear();
        Volatile.Write(ref _tokens, 0);
        _earliestDeadline = long.MaxValue;
        return requests;
    }
}
