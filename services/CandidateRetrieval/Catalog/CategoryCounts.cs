using Recommender.CandidateRetrieval.Retrieval;
using Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Catalog;

/// <summary>
/// Items per category path and every prefix of it (an item in <c>A/B/C</c> counts for <c>A</c>, <c>A/B</c> and
/// <c>A/B/C</c>), kept as items come and go, and turned into the category tree on request. Thread-safe.
/// </summary>
internal sealed class CategoryCounts
{
    private readonly object gate = new();
    private readonly Dictionary<string, long> counts = new(StringComparer.Ordinal);

    /// <summary>Categories (tree nodes) with at least one item.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return counts.Count;
            }
        }
    }

    public void Add(CategoryPath path) => Change(path, +1);

    public void Remove(CategoryPath path) => Change(path, -1);

    public void Clear()
    {
        lock (gate)
        {
            counts.Clear();
        }
    }

    /// <summary>
    /// The tree under <paramref name="prefix"/> (null: the whole tree, whose roots are the top-level categories; else a
    /// single root, the prefix's node, or none when no item is under it), children ordered by name, at most
    /// <paramref name="maxDepth"/> levels below the prefix (0: all).
    /// </summary>
    public List<CategoryNode> Tree(CategoryPath? prefix, int maxDepth)
    {
        Dictionary<string, long> copy;
        lock (gate)
        {
            copy = new Dictionary<string, long>(counts, StringComparer.Ordinal);
        }
        var children = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var path in copy.Keys)
        {
            var slash = path.LastIndexOf('/');
            var parent = slash < 0 ? "" : path[..slash];
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }
            list.Add(path);
        }
        foreach (var list in children.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }

        CategoryNode Build(string path, int depth)
        {
            var node = new CategoryNode { Name = path[(path.LastIndexOf('/') + 1)..], Path = path, ItemCount = copy[path] };
            if ((maxDepth == 0 || depth < maxDepth) && children.TryGetValue(path, out var below))
            {
                node.Children.AddRange(below.Select(child => Build(child, depth + 1)));
            }
            return node;
        }

        if (prefix is null)
        {
            return children.TryGetValue("", out var roots) ? roots.Select(root => Build(root, 1)).ToList() : [];
        }
        return copy.ContainsKey(prefix.Value) ? [Build(prefix.Value, 0)] : [];
    }

    private void Change(CategoryPath path, int delta)
    {
        lock (gate)
        {
            var prefix = "";
            foreach (var segment in path.Segments)
            {
                prefix = prefix.Length == 0 ? segment : $"{prefix}/{segment}";
                var count = counts.GetValueOrDefault(prefix) + delta;
                if (count <= 0)
                {
                    counts.Remove(prefix);
                }
                else
                {
                    counts[prefix] = count;
                }
            }
        }
    }
}
