namespace Recommender.Ranking.Features;

/// <summary>Operations on '/'-separated category paths such as "Electronics/Phones/Android".</summary>
public static class CategoryPath
{
    public const char Separator = '/';

    /// <summary>Number of segments; 0 for an empty path.</summary>
    public static int Depth(string path) => string.IsNullOrEmpty(path) ? 0 : path.Count(c => c == Separator) + 1;

    /// <summary>The first <paramref name="depth"/> segments (the whole path when it is shallower).</summary>
    public static string Truncate(string path, int depth)
    {
        if (depth <= 0 || string.IsNullOrEmpty(path))
        {
            return "";
        }
        var index = -1;
        for (var i = 0; i < depth; i++)
        {
            index = path.IndexOf(Separator, index + 1);
            if (index < 0)
            {
                return path;
            }
        }
        return path[..index];
    }

    /// <summary>The last segment, the name people read ("Android").</summary>
    public static string LastSegment(string path) => path[(path.LastIndexOf(Separator) + 1)..];

    /// <summary>The path itself, then its parent, up to the top-level segment.</summary>
    public static IEnumerable<string> SelfAndAncestors(string path)
    {
        var current = path;
        while (!string.IsNullOrEmpty(current))
        {
            yield return current;
            var cut = current.LastIndexOf(Separator);
            current = cut < 0 ? "" : current[..cut];
        }
    }

    /// <summary>How many leading segments two paths share.</summary>
    public static int CommonPrefixDepth(string a, string b)
    {
        if (string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b))
        {
            return 0;
        }
        var shared = 0;
        var i = 0;
        while (true)
        {
            var endA = a.IndexOf(Separator, i);
            var endB = b.IndexOf(Separator, i);
            var segmentEndA = endA < 0 ? a.Length : endA;
            var segmentEndB = endB < 0 ? b.Length : endB;
            if (segmentEndA != segmentEndB || string.CompareOrdinal(a, i, b, i, segmentEndA - i) != 0)
            {
                return shared;
            }
            shared++;
            if (endA < 0 || endB < 0)
            {
                return shared;
            }
            i = endA + 1;
        }
    }

    /// <summary>True when the path is empty or made of non-empty segments (no leading, trailing or double '/').</summary>
    public static bool IsWellFormed(string path) =>
        path.Length == 0 || (path[0] != Separator && path[^1] != Separator && !path.Contains("//", StringComparison.Ordinal));
}
