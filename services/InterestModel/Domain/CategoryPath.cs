using Recommender.InterestModel.Estimation;

namespace Recommender.InterestModel.Domain;

/// <summary>Parses category paths such as <c>Electronics/Phones/Android</c> into segments, enforcing the limits.</summary>
public static class CategoryPath
{
    /// <summary>The separator between segments.</summary>
    public const char Separator = '/';

    /// <summary>
    /// Splits <paramref name="path"/> into trimmed, non-empty segments. Throws <see cref="InterestValidationException"/>
    /// naming <paramref name="field"/> when the path is empty, has an empty segment, is deeper than
    /// <see cref="LimitOptions.MaxCategoryDepth"/> or has a segment longer than <see cref="LimitOptions.MaxCategorySegmentLength"/>.
    /// </summary>
    public static string[] Parse(string? path, LimitOptions limits, string field)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InterestValidationException(field, "a non-empty path such as A/B/C", "the category path is empty");
        }
        var segments = path.Split(Separator);
        if (segments.Length > limits.MaxCategoryDepth)
        {
            throw new InterestValidationException(field, $"at most {limits.MaxCategoryDepth} segments",
                $"the category path has {segments.Length} segments");
        }
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i].Trim();
            if (segment.Length == 0)
            {
                throw new InterestValidationException(field, "no empty segments", $"segment {i + 1} of '{Shorten(path)}' is empty");
            }
            if (segment.Length > limits.MaxCategorySegmentLength)
            {
                throw new InterestValidationException(field, $"at most {limits.MaxCategorySegmentLength} characters per segment",
                    $"segment {i + 1} has {segment.Length} characters");
            }
            segments[i] = segment;
        }
        return segments;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
