namespace Recommender.Encoder.Batching;

/// <summary>A batch chosen from the queue, not yet taken out of it.</summary>
/// <param name="Items">The batch's items; the queue's oldest item is always first.</param>
/// <param name="PaddedLength">Longest sequence of the batch, what every sequence is padded to.</param>
/// <param name="IsFull">True when no further sequence could join (batch size or token budget reached).</param>
internal sealed record BatchPlan(List<QueuedItem> Items, int PaddedLength, bool IsFull);

/// <summary>
/// Chooses the next batch. The oldest queued item always goes first, so no item starves however
/// rare its length. With batching on, the rest are the oldest items whose lengths fall in the
/// window around the oldest item's length that lets the batch carry the most real tokens, where a
/// window [lo, hi] keeps lo at least (1 - MaxPaddingRatio) x hi, so padding stays under that ratio.
/// Candidates come from the head of the queue only (the oldest <see cref="LookaheadBatches"/>
/// budgets of tokens): a later arrival can overtake an item by at most about one batch, which keeps
/// queueing close to FIFO and the wait of admitted work bounded by the queue ahead of it.
/// With batching off, the batch is the oldest item's own request (split only by the limits).
/// </summary>
internal static class BatchSelector
{
    /// <summary>How many token budgets from the head of the queue are candidates for a batch.</summary>
    public const int LookaheadBatches = 2;

    public static BatchPlan Select(LinkedList<QueuedItem> queue, BatcherOptions options)
    {
        var anchor = queue.First ?? throw new InvalidOperationException("The queue is empty.");
        return options.Enabled
            ? SelectSimilarLengths(queue, anchor.Value, options)
            : SelectOwnRequest(anchor, options);
    }

    private static BatchPlan SelectOwnRequest(LinkedListNode<QueuedItem> anchor, BatcherOptions options)
    {
        var items = new List<QueuedItem> { anchor.Value };
        var padded = anchor.Value.Length;
        for (var node = anchor.Next; node is not null && items.Count < options.MaxBatchSize; node = node.Next)
        {
            // A request's items are queued together, so the first foreign item ends the request.
            if (!ReferenceEquals(node.Value.Request, anchor.Value.Request))
            {
                break;
            }

            var nextPadded = Math.Max(padded, node.Value.Length);
            if ((long)nextPadded * (items.Count + 1) > options.MaxBatchTokens)
            {
                break;
            }

            items.Add(node.Value);
            padded = nextPadded;
        }

        return new BatchPlan(items, padded, IsFull: true);
    }

    private static BatchPlan SelectSimilarLengths(LinkedList<QueuedItem> queue, QueuedItem anchor, BatcherOptions options)
    {
        var length = anchor.Length;
        if (Capacity(length, options) == 1)
        {
            return new BatchPlan([anchor], length, IsFull: true);
        }

        var keep = 1.0 - options.MaxPaddingRatio;
        var lowest = Math.Max(1, CeilTimes(length, keep));
        // Longer than half the budget, two sequences no longer fit, so such windows are useless.
        var highest = Math.Max(length, Math.Min(FloorDivide(length, keep), options.MaxBatchTokens / 2));

        var lookahead = Lookahead(queue, options);
        var counts = new int[highest - lowest + 2];
        var sums = new long[highest - lowest + 2];
        var node = queue.First;
        for (var seen = 0; seen < lookahead; seen++, node = node!.Next)
        {
            var itemLength = node!.Value.Length;
            if (itemLength >= lowest && itemLength <= highest)
            {
                counts[itemLength - lowest + 1]++;
                sums[itemLength - lowest + 1] += itemLength;
            }
        }

        for (var i = 1; i < counts.Length; i++)
        {
            counts[i] += counts[i - 1];
            sums[i] += sums[i - 1];
        }

        // Pick the window [lo, hi] (containing the anchor's length) that carries the most real tokens.
        int bestLow = length, bestHigh = length, bestTake = 1;
        var bestTokens = 0.0;
        for (var high = length; high <= highest; high++)
        {
            var low = Math.Max(lowest, CeilTimes(high, keep));
            var count = counts[high - lowest + 1] - counts[low - lowest];
            if (high > length && counts[high - lowest + 1] == counts[high - lowest])
            {
                continue; // no sequence of exactly this length: the window adds nothing over high - 1
            }

            var take = Math.Min(count, Capacity(high, options));
            var meanLength = (double)(sums[high - lowest + 1] - sums[low - lowest]) / count;
            var tokens = take * meanLength;
            if (tokens > bestTokens)
            {
                (bestLow, bestHigh, bestTake, bestTokens) = (low, high, take, tokens);
            }
        }

        var items = new List<QueuedItem>(bestTake);
        var padded = 0;
        node = queue.First;
        for (var seen = 0; seen < lookahead && items.Count < bestTake; seen++, node = node!.Next)
        {
            var itemLength = node!.Value.Length;
            if (itemLength >= bestLow && itemLength <= bestHigh)
            {
                items.Add(node.Value);
                padded = Math.Max(padded, itemLength);
            }
        }

        return new BatchPlan(items, padded, IsFull: bestTake == Capacity(bestHigh, options));
    }

    /// <summary>How many items from the head of the queue hold the first <see cref="LookaheadBatches"/> budgets of tokens.</summary>
    private static int Lookahead(LinkedList<QueuedItem> queue, BatcherOptions options)
    {
        var budget = (long)LookaheadBatches * options.MaxBatchTokens;
        long tokens = 0;
        var count = 0;
        for (var node = queue.First; node is not null && (count == 0 || tokens + node.Value.Length <= budget); node = node.Next)
        {
            tokens += node.Value.Length;
            count++;
        }

        return count;
    }

    /// <summary>Most sequences of padded length <paramref name="paddedLength"/> one batch can hold (at least 1).</summary>
    private static int Capacity(int paddedLength, BatcherOptions options) =>
        Math.Max(1, Math.Min(options.MaxBatchSize, options.MaxBatchTokens / paddedLength));

    // The small epsilon keeps exact products such as 10 x 0.8 from rounding up to 9.
    private static int CeilTimes(int value, double factor) => (int)Math.Ceiling(value * factor - 1e-9);

    private static int FloorDivide(int value, double factor) => (int)Math.Floor(value / factor + 1e-9);
}
