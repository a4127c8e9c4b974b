using Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Service;

/// <summary>
/// Checks an upsert batch against the contract's rules and the configured limits, all of it before anything is
/// applied. Throws <see cref="RequestValidationException"/> naming the first bad field (<c>items[3].tags[1]</c>).
/// </summary>
internal static class ItemValidator
{
    // Timestamp's valid range: 0001-01-01 to 9999-12-31 UTC.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>
    /// Validates the batch; returns the dimension its vectors share (0 when no item carries one). Vectors must agree
    /// with each other and with <paramref name="catalogDimension"/> (0: not fixed yet).
    /// </summary>
    public static int Validate(IReadOnlyList<Item> items, CatalogLimits limits, int catalogDimension)
    {
        Fields.Count(items.Count, 1, limits.MaxItemsPerBatch, "items", "MaxItemsPerBatch", "items");
        var positions = new Dictionary<string, int>(items.Count, StringComparer.Ordinal);
        var dimension = 0;
        var dimensionFrom = -1;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var at = $"items[{i}]";
            Fields.Id(item.Id, limits.MaxIdLength, $"{at}.id");
            if (!positions.TryAdd(item.Id, i))
            {
                throw new RequestValidationException($"{at}.id",
                    $"{at}.id '{item.Id}' repeats items[{positions[item.Id]}].id; ids in one batch must be distinct");
            }
            Fields.Length(item.Title, limits.MaxTitleLength, $"{at}.title", "MaxTitleLength");
            Fields.Length(item.Description, limits.MaxDescriptionLength, $"{at}.description", "MaxDescriptionLength");
            CategoryPaths.Parse(item.CategoryPath, limits, $"{at}.category_path");
            ValidateTags(item, limits, at);
            ValidateAttributes(item, limits, at);
            if (item.CreatedAt is { } created && (created.Seconds is < MinSeconds or > MaxSeconds || created.Nanos is < 0 or > 999_999_999))
            {
                throw new RequestValidationException($"{at}.created_at",
                    $"{at}.created_at is not a valid timestamp (seconds {created.Seconds}, nanos {created.Nanos}); it must lie between 0001-01-01 and 9999-12-31 UTC");
            }
            if (item.Vector.Count == 0)
            {
                continue;
            }
            Fields.Vector(item.Vector, limits.MaxDimension, $"{at}.vector");
            Fields.Dimension(item.Vector.Count, catalogDimension, $"{at}.vector");
            if (dimensionFrom < 0)
            {
                dimension = item.Vector.Count;
                dimensionFrom = i;
            }
            else if (item.Vector.Count != dimension)
            {
                throw new RequestValidationException($"{at}.vector",
                    $"{at}.vector has {item.Vector.Count} components but items[{dimensionFrom}].vector has {dimension}; all vectors of a catalog have one dimension");
            }
        }
        return dimension;
    }

    private static void ValidateTags(Item item, CatalogLimits limits, string at)
    {
        if (item.Tags.Count > limits.MaxTags)
        {
            throw new RequestValidationException($"{at}.tags", $"{at}.tags has {item.Tags.Count} tags; the limit is {Fields.Limit(limits.MaxTags, "MaxTags")}");
        }
        for (var t = 0; t < item.Tags.Count; t++)
        {
            if (string.IsNullOrWhiteSpace(item.Tags[t]))
            {
                throw new RequestValidationException($"{at}.tags[{t}]", $"{at}.tags[{t}] is empty; leave empty tags out");
            }
            Fields.Length(item.Tags[t], limits.MaxTagLength, $"{at}.tags[{t}]", "MaxTagLength");
        }
    }

    private static void ValidateAttributes(Item item, CatalogLimits limits, string at)
    {
        if (item.Attributes.Count > limits.MaxAttributes)
        {
            throw new RequestValidationException($"{at}.attributes",
                $"{at}.attributes has {item.Attributes.Count} entries; the limit is {Fields.Limit(limits.MaxAttributes, "MaxAttributes")}");
        }
        foreach (var (key, value) in item.Attributes)
        {
            if (key.Length == 0)
            {
                throw new RequestValidationException($"{at}.attributes", $"{at}.attributes has an empty key");
            }
            Fields.Length(key, limits.MaxAttributeLength, $"{at}.attributes key '{Short(key)}'", "MaxAttributeLength");
            Fields.Length(value, limits.MaxAttributeLength, $"{at}.attributes[\"{Short(key)}\"]", "MaxAttributeLength");
        }
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
