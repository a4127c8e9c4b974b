using Recommender.CandidateRetrieval.Retrieval;

namespace Recommender.CandidateRetrieval.Service;

/// <summary>Category paths from requests: 1 to MaxCategorySegments non-empty segments separated by '/'.</summary>
internal static class CategoryPaths
{
    /// <summary>Parses <paramref name="path"/>; throws <see cref="RequestValidationException"/> naming <paramref name="field"/>.</summary>
    public static CategoryPath Parse(string path, CatalogLimits limits, string field)
    {
        var rule = $"a category path has 1 to {Fields.Limit(limits.MaxCategorySegments, "MaxCategorySegments")} non-empty segments separated by single '/', e.g. Electronics/Phones/Android";
        if (path.Length == 0)
        {
            throw new RequestValidationException(field, $"{field} is empty; {rule}");
        }
        var segments = path.Split('/');
        if (segments.Length > limits.MaxCategorySegments)
        {
            throw new RequestValidationException(field, $"{field} '{Short(path)}' has {segments.Length} segments; {rule}");
        }
        for (var i = 0; i < segments.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(segments[i]))
            {
                throw new RequestValidationException(field,
                    $"{field} '{Short(path)}' has an empty segment at position {i} (no leading, trailing or doubled '/'); {rule}");
            }
            if (segments[i].Length > limits.MaxCategorySegmentLength)
            {
                throw new RequestValidationException(field,
                    $"{field} segment {i} is {segments[i].Length} characters long; the limit is {Fields.Limit(limits.MaxCategorySegmentLength, "MaxCategorySegmentLength")}");
            }
        }
        return CategoryPath.Parse(path, field, int.MaxValue);
    }

    private static string Short(string path) => path.Length <= 80 ? path : path[..80] + "...";
}
