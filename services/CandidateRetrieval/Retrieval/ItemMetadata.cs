namespace Recommender.CandidateRetrieval.Retrieval;

/// <summary>What retrieval filters need to know about an item.</summary>
/// <param name="Id">The item id (the same string the index holds for the slot).</param>
/// <param name="Category">Its category path.</param>
/// <param name="Attributes">Attribute name to value (brand, language, ...), compared ordinally.</param>
public sealed record ItemMetadata(string Id, CategoryPath Category, IReadOnlyDictionary<string, string> Attributes);
