namespace Recommender.InterestModel.Catalog;

/// <summary>Item titles from the catalog, least recently used evicted beyond a fixed capacity. Thread-safe.</summary>
internal sealed class TitleCache(int capacity)
{
    private readonly object gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Id, string Title)>> nodes = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, string Title)> order = new(); // most recent first

    public int Count
    {
        get
        {
            lock (gate)
            {
                return nodes.Count;
            }
        }
    }

    public bool TryGet(string itemId, out string title)
    {
        lock (gate)
        {
            if (nodes.TryGetValue(itemId, out var node))
            {
                order.Remove(node);
                order.AddFirst(node);
                title = node.Value.Title;
                return true;
            }
        }
        title = "";
        return false;
    }

    public void Set(string itemId, string title)
    {
        lock (gate)
        {
            if (nodes.TryGetValue(itemId, out var node))
            {
                order.Remove(node);
                node.Value = (itemId, title);
                order.AddFirst(node);
                return;
            }
            nodes[itemId] = order.AddFirst((itemId, title));
            if (nodes.Count > capacity)
            {
                var last = order.Last!;
                order.RemoveLast();
                nodes.Remove(last.Value.Id);
            }
        }
    }
}
