namespace Recommender.InterestModel.Domain;

/// <summary>
/// The category tree, grown from the category paths of known items. Node ids are dense integers in creation order,
/// so a child's id is always greater than its parent's and each child list is sorted. The root has id 0 and the
/// empty path; a node's depth is its number of segments.
/// </summary>
public sealed class CategoryTree
{
    /// <summary>Id of the root node.</summary>
    public const int RootId = 0;

    private readonly List<string> names = [""];
    private readonly List<string> paths = [""];
    private readonly List<int> parents = [-1];
    private readonly List<int> depths = [0];
    private readonly List<List<int>> children = [[]];
    private readonly Dictionary<string, int> idsByPath = new(StringComparer.Ordinal) { [""] = RootId };

    /// <summary>Number of nodes, the root included.</summary>
    public int Count => names.Count;

    /// <summary>The deepest node's depth.</summary>
    public int MaxDepth { get; private set; }

    /// <summary>The node's last segment.</summary>
    public string NameOf(int node) => names[node];

    /// <summary>The node's full path, segments joined by '/'.</summary>
    public string PathOf(int node) => paths[node];

    /// <summary>The parent's id, or -1 for the root.</summary>
    public int ParentOf(int node) => parents[node];

    /// <summary>Number of segments in the node's path (0 for the root).</summary>
    public int DepthOf(int node) => depths[node];

    /// <summary>The node's children in creation (= id) order.</summary>
    public IReadOnlyList<int> ChildrenOf(int node) => children[node];

    /// <summary>Looks a node up by its normalised path (segments trimmed, joined by '/').</summary>
    public bool TryFind(string path, out int node) => idsByPath.TryGetValue(path, out node);

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="node"/> or lies on its path to the root.</summary>
    public bool IsAncestorOrSelf(int ancestor, int node)
    {
        var depth = depths[ancestor];
        while (node >= 0 && depths[node] > depth)
        {
            node = parents[node];
        }
        return node == ancestor;
    }

    /// <summary>How many nodes adding these segment lists would create (for capacity checks before a change).</summary>
    public int CountMissing(IEnumerable<string[]> segmentLists)
    {
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segments in segmentLists)
        {
            for (var depth = 1; depth <= segments.Length; depth++)
            {
                var path = string.Join(CategoryPath.Separator, segments, 0, depth);
                if (!idsByPath.ContainsKey(path))
                {
                    missing.Add(path);
                }
            }
        }
        return missing.Count;
    }

    /// <summary>Returns the id of the node for <paramref name="segments"/>, creating it and its ancestors as needed.</summary>
    public int GetOrAdd(string[] segments)
    {
        var node = RootId;
        for (var depth = 1; depth <= segments.Length; depth++)
        {
            var path = string.Join(CategoryPath.Separator, segments, 0, depth);
            if (!idsByPath.TryGetValue(path, out var child))
            {
                child = Add(node, segments[depth - 1], path);
            }
            node = child;
        }
        return node;
    }

    private int Add(int parent, string name, string path)
    {
        var id = names.Count;
        names.Add(name);
        paths.Add(path);
        parents.Add(parent);
        var depth = depths[parent] + 1;
        depths.Add(depth);
        children.Add([]);
        children[parent].Add(id);
        idsByPath.Add(path, id);
        MaxDepth = System.Math.Max(MaxDepth, depth);
        return id;
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Count);
        for (var node = 1; node < Count; node++)
        {
            writer.Write(parents[node]);
            writer.Write(names[node]);
        }
    }

    internal static CategoryTree Read(BinaryReader reader)
    {
        var tree = new CategoryTree();
        var count = reader.ReadInt32();
        for (var node = 1; node < count; node++)
        {
            var parent = reader.ReadInt32();
            var name = reader.ReadString();
            if (parent < 0 || parent >= node)
            {
                throw new InvalidDataException($"snapshot category node {node} has invalid parent {parent}");
            }
            var path = parent == RootId ? name : tree.paths[parent] + CategoryPath.Separator + name;
            tree.Add(parent, name, path);
        }
        return tree;
    }
}
