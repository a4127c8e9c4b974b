using Recommender.CandidateRetrieval.Index;

namespace Recommender.CandidateRetrieval.Retrieval;

/// <summary>
/// A category path such as <c>Electronics/Phones/Android</c>: non-empty segments separated by '/'.
/// Prefix matching is by whole segments and ordinal (case-sensitive): <c>Electronics/Phones</c> is a
/// prefix of <c>Electronics/Phones/Android</c> but not of <c>Electronics/PhonesX</c>.
/// </summary>
public sealed class CategoryPath : IEquatable<CategoryPath>
{
    private readonly string[] _segments;

    private CategoryPath(string value, string[] segments)
    {
        Value = value;
        _segments = segments;
    }

    /// <summary>The path as written.</summary>
    public string Value { get; }

    /// <summary>The segments, root first.</summary>
    public IReadOnlyList<string> Segments => _segments;

    /// <summary>
    /// Parses a path; throws <see cref="IndexArgumentException"/> naming <paramref name="field"/> when it is
    /// empty, longer than <paramref name="maxLength"/>, or has an empty or blank segment (<c>A//B</c>, <c>/A</c>, <c>A/</c>).
    /// </summary>
    public static CategoryPath Parse(string? path, string field, int maxLength = 512)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new IndexArgumentException(field, $"{field} is empty; a category path needs at least one segment.", "non-empty");
        }
        if (path.Length > maxLength)
        {
            throw new IndexArgumentException(field, $"{field} is {path.Length} characters long; the limit is {maxLength}.", maxLength.ToString());
        }
        var segments = path.Split('/');
        for (int i = 0; i < segments.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(segments[i]))
            {
                throw new IndexArgumentException(field,
                    $"{field} '{path}' has an empty segment at position {i}; segments are separated by single '/' with no leading or trailing '/'.",
                    "non-empty segments");
            }
        }
        return new CategoryPath(path, segments);
    }

    /// <summary>Whether <paramref name="prefix"/> equals this path's first segments.</summary>
    public bool StartsWith(CategoryPath prefix)
    {
        if (prefix._segments.Length > _segments.Length)
        {
            return false;
        }
        for (int i = 0; i < prefix._segments.Length; i++)
        {
            if (!string.Equals(prefix._segments[i], _segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc />
    public bool Equals(CategoryPath? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CategoryPath);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
