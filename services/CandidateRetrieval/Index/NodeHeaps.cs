namespace Recommender.CandidateRetrieval.Index;

/// <summary>Binary heap whose top is the lowest score: the worst of the current results.</summary>
internal sealed class MinScoreHeap(int capacity)
{
    private ScoredNode[] _items = new ScoredNode[Math.Max(capacity, 4)];

    public int Count { get; private set; }

    public float TopScore => _items[0].Score;

    public ScoredNode Top => _items[0];

    public void Clear() => Count = 0;

    public void Push(float score, int id)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }
        var items = _items;
        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (items[parent].Score <= score)
            {
                break;
            }
            items[i] = items[parent];
            i = parent;
        }
        items[i] = new ScoredNode(score, id);
    }

    public ScoredNode Pop()
    {
        var items = _items;
        var top = items[0];
        int count = --Count;
        if (count > 0)
        {
            SiftDown(items, items[count], count);
        }
        return top;
    }

    /// <summary>Replaces the lowest entry (same as Pop then Push, with one sift).</summary>
    public void ReplaceTop(float score, int id) => SiftDown(_items, new ScoredNode(score, id), Count);

    private static void SiftDown(ScoredNode[] items, ScoredNode moving, int count)
    {
        int i = 0;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }
            if (child + 1 < count && items[child + 1].Score < items[child].Score)
            {
                child++;
            }
            if (items[child].Score >= moving.Score)
            {
                break;
            }
            items[i] = items[child];
            i = child;
        }
        items[i] = moving;
    }
}

/// <summary>Binary heap whose top is the highest score: the most promising candidate to expand.</summary>
internal sealed class MaxScoreHeap(int capacity)
{
    private ScoredNode[] _items = new ScoredNode[Math.Max(capacity, 4)];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public void Push(float score, int id)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }
        var items = _items;
        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (items[parent].Score >= score)
            {
                break;
            }
            items[i] = items[parent];
            i = parent;
        }
        items[i] = new ScoredNode(score, id);
    }

    public ScoredNode Pop()
    {
        var items = _items;
        var top = items[0];
        int count = --Count;
        if (count > 0)
        {
            var moving = items[count];
            int i = 0;
            while (true)
            {
                int child = (2 * i) + 1;
                if (child >= count)
                {
                    break;
                }
                if (child + 1 < count && items[child + 1].Score > items[child].Score)
                {
                    child++;
                }
                if (items[child].Score <= moving.Score)
                {
                    break;
                }
                items[i] = items[child];
                i = child;
            }
            items[i] = moving;
        }
        return top;
    }
}
