using Recommender.CandidateRetrieval.Index;
using Recommender.CandidateRetrieval.Retrieval;
using Xunit;

namespace Recommender.CandidateRetrieval.Tests;

/// <summary>Retrieval through the graph (above the exact-search threshold) with a selective category filter.</summary>
public sealed class RetrievalAtScaleTests
{
    private const int Dimension = 32;

    [Fact]
    public void SelectiveCategoryFilterStillFillsEveryQuotaWithMatchingItems()
    {
        var data = TestVectors.Clustered(4000, Dimension, clusters: 40, seed: 51);
        var index = new HnswIndex(new HnswOptions { Dimension = Dimension, M = 12, EfConstruction = 64, ExactSearchThreshold = 500 });
        var slots = index.Upsert(TestVectors.Items(data));
        var metadata = new InMemoryItemMetadata();
        for (int i = 0; i < data.Length; i++)
        {
            // About 2% of items, spread over every cluster, are in Garden/Tools.
            string category = i % 50 == 0 ? "Garden/Tools" : $"Electronics/C{i % 7}";
            metadata.Set(slots[i], new ItemMetadata($"item-{i}", CategoryPath.Parse(category, "category"), new Dictionary<string, string>()));
        }
        var retriever = new MultiInterestRetriever(index, metadata);
        var random = new Random(5);
        var filter = new RetrievalFilter { IncludeCategoryPrefixes = ["Garden"], ExcludeItemIds = ["item-0", "item-50"] };
        var queries = new List<InterestQuery>
        {
            new(TestVectors.RandomUnit(random, Dimension), 0.6f, 20),
            new(TestVectors.RandomUnit(random, Dimension), 0.3f, 15),
            new(TestVectors.RandomUnit(random, Dimension), 0.1f, 5),
        };

        var result = retriever.Retrieve(new RetrievalRequest(queries, 40, filter));

        Assert.Equal(40, result.Candidates.Count);
        Assert.Equal(40, result.Candidates.Select(c => c.ItemId).Distinct().Count());
        Assert.All(result.Candidates, c => Assert.Equal(0, int.Parse(c.ItemId.AsSpan(5)) % 50));
        Assert.DoesNotContain(result.Candidates, c => c.ItemId is "item-0" or "item-50");
        Assert.Equal([20, 15, 5], result.Queries.Select(q => q.Filled));
        // The minor interest's best matching item is among the candidates.
        var minorBest = index.Search(queries[2].Vector.Span, 3, new SearchParameters(
            Filter: id => metadata.TryGet(id, out var m) && m.Category.Value == "Garden/Tools" && m.Id is not ("item-0" or "item-50"), Exact: true));
        Assert.Contains(result.Candidates, c => c.ItemId == minorBest[0].Id);
    }
}
