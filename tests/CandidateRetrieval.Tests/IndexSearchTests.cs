using System.Numerics.Tensors;
using Recommender.CandidateRetrieval.Index;
using Xunit;

namespace Recommender.CandidateRetrieval.Tests;

public sealed class IndexSearchTests
{
    private const int Dimension = 32;

    private static HnswOptions GraphOptions(int buildThreads = 2) => new()
    {
        Dimension = Dimension,
        M = 12,
        EfConstruction = 64,
        EfSearch = 64,
        ExactSearchThreshold = 0, // always use the graph unless asked
        BuildThreads = buildThreads,
        MaxBatchSize = 2000,
    };

    [Fact]
    public void RecallAtTenAgainstExactSearchOnClusteredData()
    {
        var data = TestVectors.Clustered(5000, Dimension, clusters: 50, seed: 1);
        var queries = TestVectors.Clustered(200, Dimension, clusters: 50, seed: 1, pointSeed: 100);
        var index = TestVectors.Build(data, GraphOptions());

        double recall = TestVectors.Recall(index, queries, k: 10);
        // With the beam only as wide as k, recall depends on the graph's quality alone (0.92 when measured).
        double narrowRecall = TestVectors.Recall(index, queries, k: 10, ef: 10);

        Assert.True(recall >= 0.95, $"recall@10 was {recall:F3}, expected at least 0.95");
        Assert.True(narrowRecall >= 0.85, $"recall@10 with efSearch 10 was {narrowRecall:F3}, expected at least 0.85");
    }

    [Fact]
    public void SingleThreadedBuildReachesTheSameRecall()
    {
        var data = TestVectors.Clustered(3000, Dimension, clusters: 30, seed: 2);
        var queries = TestVectors.Clustered(100, Dimension, clusters: 30, seed: 2, pointSeed: 3);
        var index = TestVectors.Build(data, GraphOptions(buildThreads: 1));
        double recall = TestVectors.Recall(index, queries, k: 10);
        Assert.True(recall >= 0.95, $"recall@10 was {recall:F3}");
    }

    [Fact]
    public void ExactSearchMatchesBruteForce()
    {
        var data = TestVectors.Clustered(1500, Dimension, clusters: 10, seed: 4);
        var index = TestVectors.Build(data, GraphOptions());
        var random = new Random(9);
        for (int q = 0; q < 20; q++)
        {
            var query = TestVectors.RandomUnit(random, Dimension);
            var expected = data
                .Select((v, i) => (Id: $"item-{i}", Score: TensorPrimitives.CosineSimilarity(query, v)))
                .OrderByDescending(p => p.Score).Take(10).ToList();
            var actual = index.Search(query, 10, new SearchParameters(Exact: true));
            Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
            for (int i = 0; i < 10; i++)
            {
                Assert.Equal(expected[i].Score, actual[i].Score, 4);
            }
        }
    }

    [Fact]
    public void ResultsAreSortedBestFirstWithoutDuplicates()
    {
        var data = TestVectors.Clustered(2000, Dimension, clusters: 20, seed: 5);
        var index = TestVectors.Build(data, GraphOptions());
        var hits = index.Search(data[17], 50);
        Assert.Equal(50, hits.Count);
        Assert.Equal("item-17", hits[0].Id);
        Assert.Equal(1f, hits[0].Score, 4);
        Assert.Equal(hits.Count, hits.Select(h => h.Id).Distinct().Count());
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void SmallIndexIsSearchedExactly()
    {
        var data = TestVectors.Clustered(300, Dimension, clusters: 5, seed: 6);
        var index = TestVectors.Build(data, new HnswOptions { Dimension = Dimension, M = 4, EfConstruction = 8, EfSearch = 1, ExactSearchThreshold = 1000 });
        var random = new Random(2);
        for (int q = 0; q < 10; q++)
        {
            var query = TestVectors.RandomUnit(random, Dimension);
            // efSearch 1 on a graph with M = 4 would miss neighbours; below the threshold the scan is exact.
            Assert.Equal(index.Search(query, 20, new SearchParameters(Exact: true)), index.Search(query, 20, new SearchParameters(EfSearch: 1)));
        }
    }

    [Fact]
    public void SelectiveFilterStillReturnsKMatches()
    {
        var data = TestVectors.Clustered(4000, Dimension, clusters: 40, seed: 7);
        var index = TestVectors.Build(data, GraphOptions());
        // About 1% of items pass, scattered over all clusters.
        bool Allowed(int internalId) => index.GetItemId(internalId) is string id && int.Parse(id.AsSpan(5)) % 97 == 0;
        var random = new Random(3);
        for (int q = 0; q < 10; q++)
        {
            var query = TestVectors.RandomUnit(random, Dimension);
            var hits = index.Search(query, 20, new SearchParameters(Filter: Allowed));
            var exact = index.Search(query, 20, new SearchParameters(Filter: Allowed, Exact: true));
            Assert.Equal(20, hits.Count);
            Assert.All(hits, h => Assert.True(Allowed(h.InternalId)));
            Assert.Equal(exact.Select(h => h.Id), hits.Select(h => h.Id));
        }
    }

    [Fact]
    public void ModerateFilterUsesTheGraphAndKeepsRecall()
    {
        var data = TestVectors.Clustered(4000, Dimension, clusters: 40, seed: 8);
        var index = TestVectors.Build(data, GraphOptions());
        bool Allowed(int internalId) => internalId % 3 == 0;
        var queries = TestVectors.Clustered(50, Dimension, clusters: 40, seed: 8, pointSeed: 9);
        double recall = 0;
        foreach (var query in queries)
        {
            var exact = index.Search(query, 10, new SearchParameters(Filter: Allowed, Exact: true)).Select(h => h.Id).ToHashSet();
            var hits = index.Search(query, 10, new SearchParameters(Filter: Allowed));
            Assert.Equal(10, hits.Count);
            Assert.All(hits, h => Assert.True(Allowed(h.InternalId)));
            recall += hits.Count(h => exact.Contains(h.Id)) / 10.0;
        }
        Assert.True(recall / queries.Length >= 0.95, $"filtered recall@10 was {recall / queries.Length:F3}");
    }

    [Fact]
    public void FilterMatchingFewerThanKReturnsAllMatches()
    {
        var data = TestVectors.Clustered(3000, Dimension, clusters: 20, seed: 10);
        var index = TestVectors.Build(data, GraphOptions());
        index.TryGetInternalId("item-5", out int a);
        index.TryGetInternalId("item-2500", out int b);
        var hits = index.Search(data[0], 10, new SearchParameters(Filter: id => id == a || id == b));
        Assert.Equal(["item-2500", "item-5"], hits.Select(h => h.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EmptyIndexReturnsNothing()
    {
        var index = new HnswIndex(GraphOptions());
        Assert.Empty(index.Search(TestVectors.RandomUnit(new Random(1), Dimension), 5));
    }

    [Fact]
    public void UpsertWithNewVectorReplacesTheItem()
    {
        var data = TestVectors.Clustered(3000, Dimension, clusters: 20, seed: 11);
        var index = TestVectors.Build(data, GraphOptions());
        index.TryGetInternalId("item-42", out int oldSlot);
        var far = TestVectors.RandomUnit(new Random(77), Dimension);

        var slots = index.Upsert([new IndexItem("item-42", far)]);

        Assert.Equal(3000, index.Count);
        Assert.NotEqual(oldSlot, slots[0]);
        Assert.Equal("item-42", index.Search(far, 1)[0].Id);
        Assert.DoesNotContain(index.Search(data[42], 10), h => h.Id == "item-42" && h.Score > 0.999f);
        TestVectors.AssertClose(TestVectors.Normalized(far), index.GetVector("item-42"));
    }

    [Fact]
    public void UpsertWithTheSameVectorKeepsTheSlot()
    {
        var data = TestVectors.Clustered(100, Dimension, clusters: 5, seed: 12);
        var index = TestVectors.Build(data, GraphOptions());
        index.TryGetInternalId("item-7", out int slot);
        var again = index.Upsert([new IndexItem("item-7", data[7].Select(x => x * 3).ToArray())]);
        Assert.Equal(slot, again[0]);
        Assert.Equal(0, index.GetStatistics().Tombstones);
    }

    [Fact]
    public void SearchAllocatesNothingInSteadyState()
    {
        var data = TestVectors.Clustered(3000, Dimension, clusters: 20, seed: 13);
        var index = TestVectors.Build(data, GraphOptions());
        index.Delete(["item-1", "item-2"]); // tombstones: the live-checking path
        Func<int, bool> evenSlots = id => (id & 1) == 0;
        var hits = new SearchHit[10];
        void RunAll()
        {
            for (int q = 0; q < 50; q++)
            {
                index.Search(data[q], 10, hits);
                index.Search(data[q], 10, hits, new SearchParameters(EfSearch: 32, Filter: evenSlots));
                index.Search(data[q], 10, hits, new SearchParameters(Exact: true));
            }
        }

        RunAll(); // warm up: pooled scratch, JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        RunAll();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
