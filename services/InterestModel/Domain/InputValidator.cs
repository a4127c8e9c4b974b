using Recommender.InterestModel.Estimation;

namespace Recommender.InterestModel.Domain;

/// <summary>
/// Checks whole requests against the configured limits before anything is applied. Every failure is an
/// <see cref="InterestValidationException"/> naming the field (as <c>events[i].field</c>) and the limit.
/// </summary>
internal static class InputValidator
{
    public static void ValidateEvents(IReadOnlyList<InterestEvent>? events, InterestModelOptions options, DateTimeOffset now)
    {
        var limits = options.Limits;
        if (events is null)
        {
            throw new InterestValidationException("events", "a list of events", "no events were given");
        }
        if (events.Count > limits.MaxBatchSize)
        {
            throw new InterestValidationException("events", $"at most {limits.MaxBatchSize} events per batch",
                $"the batch has {events.Count} events");
        }
        var latest = now + limits.MaxFutureSkew;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new InterestValidationException($"events[{i}]", "a non-null event", "the event is missing");
            var prefix = $"events[{i}]";
            ValidateId(e.UserId, $"{prefix}.user_id", limits);
            ValidateId(e.ItemId, $"{prefix}.item_id", limits);
            ValidateId(e.EventId, $"{prefix}.event_id", limits);
            if (!Enum.IsDefined(e.Action))
            {
                throw new InterestValidationException($"{prefix}.action", "one of view, click, cart, purchase, rating",
                    $"unknown action {(int)e.Action}");
            }
            ValidateRating(e, prefix, options.ActionWeights);
            if (e.Timestamp > latest)
            {
                throw new InterestValidationException($"{prefix}.timestamp", $"at most {limits.MaxFutureSkew} after now ({now:O})",
                    $"{e.Timestamp:O} is in the future");
            }
            if (e.Timestamp < limits.MinTimestamp)
            {
                throw new InterestValidationException($"{prefix}.timestamp", $"not before {limits.MinTimestamp:O}",
                    $"{e.Timestamp:O} is too early");
            }
        }
    }

    public static void ValidateId(string? id, string field, LimitOptions limits)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new InterestValidationException(field, "a non-empty id", "the id is empty");
        }
        if (id.Length > limits.MaxIdLength)
        {
            throw new InterestValidationException(field, $"at most {limits.MaxIdLength} characters", $"the id has {id.Length} characters");
        }
    }

    private static void ValidateRating(InterestEvent e, string prefix, ActionWeightOptions weights)
    {
        if (e.Action != ActionKind.Rating)
        {
            if (e.RatingValue is not null)
            {
                throw new InterestValidationException($"{prefix}.rating", "only rating events carry a value",
                    $"a {e.Action.ToString().ToLowerInvariant()} event has rating value {e.RatingValue}");
            }
            return;
        }
        var value = e.RatingValue;
        if (value is null)
        {
            throw new InterestValidationException($"{prefix}.rating", $"a value in [{weights.RatingMin}, {weights.RatingMax}]",
                "a rating event has no value");
        }
        if (!double.IsFinite(value.Value) || value < weights.RatingMin || value > weights.RatingMax)
        {
            throw new InterestValidationException($"{prefix}.rating", $"a value in [{weights.RatingMin}, {weights.RatingMax}]",
                $"{value} is outside the rating range");
        }
    }

    /// <summary>Validates items and returns each item's parsed category paths (same order).</summary>
    public static string[][][] ValidateItems(IReadOnlyList<ItemInfo>? items, LimitOptions limits)
    {
        if (items is null)
        {
            throw new InterestValidationException("items", "a list of items", "no items were given");
        }
        if (items.Count > limits.MaxItemBatchSize)
        {
            throw new InterestValidationException("items", $"at most {limits.MaxItemBatchSize} items per batch",
                $"the batch has {items.Count} items");
        }
        var parsed = new string[items.Count][][];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw new InterestValidationException($"items[{i}]", "a non-null item", "the item is missing");
            var prefix = $"items[{i}]";
            ValidateId(item.ItemId, $"{prefix}.item_id", limits);
            var paths = item.CategoryPaths;
            if (paths is null || paths.Count == 0)
            {
                throw new InterestValidationException($"{prefix}.category_paths", "at least one category path", "the item has no category");
            }
            if (paths.Count > limits.MaxCategoriesPerItem)
            {
                throw new InterestValidationException($"{prefix}.category_paths", $"at most {limits.MaxCategoriesPerItem} paths",
                    $"the item has {paths.Count} paths");
            }
            parsed[i] = new string[paths.Count][];
            for (var p = 0; p < paths.Count; p++)
            {
                parsed[i][p] = CategoryPath.Parse(paths[p], limits, $"{prefix}.category_paths[{p}]");
            }
            ValidateEmbedding(item.Embedding, $"{prefix}.embedding", limits);
        }
        return parsed;
    }

    private static void ValidateEmbedding(float[]? embedding, string field, LimitOptions limits)
    {
        if (embedding is null)
        {
            return;
        }
        if (embedding.Length == 0 || embedding.Length > limits.MaxEmbeddingDimension)
        {
            throw new InterestValidationException(field, $"1 to {limits.MaxEmbeddingDimension} dimensions",
                $"the embedding has {embedding.Length} dimensions");
        }
        for (var d = 0; d < embedding.Length; d++)
        {
            if (!float.IsFinite(embedding[d]))
            {
                throw new InterestValidationException(field, "finite values", $"dimension {d} is {embedding[d]}");
            }
        }
    }
}
