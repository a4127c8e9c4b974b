namespace Recommender.InterestModel.Domain;

/// <summary>
/// What the interest model needs to know about an item: where it sits in the category tree and, optionally, its
/// embedding. An item normally has one category path; when it has several (a film in three genres) its mass is
/// split evenly between them.
/// </summary>
/// <param name="ItemId">Catalog id; non-empty.</param>
/// <param name="CategoryPaths">One or more paths such as <c>Electronics/Phones/Android</c>.</param>
/// <param name="Embedding">Optional embedding vector; finite values only.</param>
public sealed record ItemInfo(string ItemId, IReadOnlyList<string> CategoryPaths, float[]? Embedding = null)
{
    /// <summary>An item with a single category path.</summary>
    public ItemInfo(string itemId, string categoryPath, float[]? embedding = null)
        : this(itemId, [categoryPath], embedding)
    {
    }
}
