namespace Recommender.InterestModel.Catalog;

/// <summary>What the interest model takes from a catalog item.</summary>
/// <param name="ItemId">The item id.</param>
/// <param name="Title">Display title (for evidence and recent items).</param>
/// <param name="CategoryPath">Its category path.</param>
/// <param name="Vector">Its embedding, or null when the catalog has none yet.</param>
internal sealed record CatalogEntry(string ItemId, string Title, string CategoryPath, float[]? Vector);

/// <summary>The answer to a lookup of several ids.</summary>
/// <param name="Found">Items the catalog has.</param>
/// <param name="Missing">Ids the catalog said it does not have.</param>
/// <param name="Failed">
/// True when the catalog could not be asked (down, slow, backing off) for some or all ids: those are in neither list.
/// </param>
internal sealed record CatalogLookup(IReadOnlyList<CatalogEntry> Found, IReadOnlyList<string> Missing, bool Failed);
