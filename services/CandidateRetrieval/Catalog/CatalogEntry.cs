using Recommender.CandidateRetrieval.Retrieval;
using Recommender.Contracts.V1;

namespace Recommender.CandidateRetrieval.Catalog;

/// <summary>
/// An item as the catalog holds it: the contract message without its vector (the index holds the vector), with
/// created_at and updated_at set, and its parsed category path. Never changed after it is stored (a write replaces
/// the entry), so readers may share <see cref="Item"/> across responses without copying.
/// </summary>
internal sealed record CatalogEntry(Item Item, CategoryPath Category);
