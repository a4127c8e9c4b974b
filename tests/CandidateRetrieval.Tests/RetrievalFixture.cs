using Recommender.CandidateRetrieval.Index;
using Recommender.CandidateRetrieval.Retrieval;

namespace Recommender.CandidateRetrieval.Tests;

/// <summary>
/// A hand-made catalog in 4 dimensions where every similarity is easy to work out:
/// A1..A6 = (1, 0, 0.1·i, 0): cosine to e1 falls with i (0.995, 0.981, 0.958, 0.928, 0.894, 0.857), 0 to e2;
/// B1..B6 = (0, 1, 0, 0.1·i): the same towards e2; AB = (1, 1, 0, 0): 0.707 to both.
/// A odd = Electronics/Phones/Android (brand globex), A even = Electronics/Laptops (brand acme),
/// B1..B3 = Books/Fiction, B4..B6 = Books/Science, AB = Electronics/PhonesX (no brand).
/// Fewer items than the exact-search threshold, so every search is exact and results are deterministic.
/// </summary>
internal sealed class RetrievalFixture
{
    public static readonly float[] E1 = [1, 0, 0, 0];
    public static readonly float[] E2 = [0, 1, 0, 0];

    public RetrievalFixture()
    {
        Index = new HnswIndex(new HnswOptions { Dimension = 4, M = 4, EfConstruction = 16 });
        var items = new List<(string Id, float[] Vector, string Category, Dictionary<string, string> Attributes)>();
        for (int i = 1; i <= 6; i++)
        {
            items.Add(($"A{i}", [1, 0, 0.1f * i, 0], i % 2 == 1 ? "Electronics/Phones/Android" : "Electronics/Laptops",
                new() { ["brand"] = i % 2 == 1 ? "globex" : "acme" }));
            items.Add(($"B{i}", [0, 1, 0, 0.1f * i], i <= 3 ? "Books/Fiction" : "Books/Science", new() { ["language"] = "en" }));
        }
        items.Add(("AB", [1, 1, 0, 0], "Electronics/PhonesX", []));
        var slots = Index.Upsert(items.Select(i => new IndexItem(i.Id, i.Vector)).ToList());
        for (int i = 0; i < items.Count; i++)
        {
            Metadata.Set(slots[i], new ItemMetadata(items[i].Id, CategoryPath.Parse(items[i].Category, "category"), items[i].Attributes));
        }
        Retriever = new MultiInterestRetriever(Index, Metadata);
    }

    public HnswIndex Index { get; }

    public InMemoryItemMetadata Metadata { get; } = new();

    public MultiInterestRetriever Retriever { get; }

    /// <summary>Cosine of A_i / B_i to its own axis.</summary>
    public static float Similarity(int i) => 1f / MathF.Sqrt(1f + (0.01f * i * i));
}
