using Recommender.CandidateRetrieval.Index;
using Xunit;

namespace Recommender.CandidateRetrieval.Tests;

public sealed class IndexDeletionTests
{
    private const int Dimension = 32;

    private static HnswOptions Options(bool autoCompact = false) => new()
    {
        Dimension = Dimension,
        M = 12,
        EfConstruction = 64,
        EfSearch = 64,
        ExactSearchThreshold = 0,
        MaxBatchSize = 5000,
        AutoCompact = autoCompact,
        CompactionTombstoneFraction = 0.2,
    };

    [Fact]
    public void DeletedItemsAreNeverReturned()
    {
        var data = TestVectors.Clustered(4000, Dimension, clusters: 30, seed: 21);
        var index = TestVectors.Build(data, Options());
        var deleted = Enumerable.Range(0, 4000).Where(i => i % 4 == 0).Select(i => $"item-{i}").ToList();

        Assert.Equal(deleted.Count, index.Delete(deleted));

        var gone = deleted.ToHashSet();
        Assert.Equal(3000, index.Count);
        Assert.Equal(1000, index.GetStatistics().Tombstones);
        foreach (int i in Enumerable.Range(0, 200).Select(x => x * 20))
        {
            // Querying with a deleted item's own vector is the hardest case: it is its own best match.
            var hits = index.Search(data[i], 30);
            Assert.Equal(30, hits.Count);
            Assert.DoesNotContain(hits, h => gone.Contains(h.Id));
            var exact = index.Search(data[i], 30, new SearchParameters(Exact: true));
            Assert.DoesNotContain(exact, h => gone.Contains(h.Id));
        }
        Assert.False(index.Contains("item-0"));
        Assert.Null(index.GetVector("item-0"));
    }

    [Fact]
    public void DeletingUnknownIdsIsANoOp()
    {
        var index = TestVectors.Build(TestVectors.Clustered(10, Dimension, 2, seed: 1), Options());
        Assert.Equal(0, index.Delete(["nope", "item-99"]));
        Assert.Equal(1, index.Delete(["item-3", "nope"]));
        Assert.Equal(0, index.Delete(["item-3"]));
        Assert.Equal(9, index.Count);
    }

    [Fact]
    public void CompactionFreesSlotsAndKeepsRecall()
    {
        var data = TestVectors.Clustered(5000, Dimension, clusters: 50, seed: 22);
        var queries = TestVectors.Clustered(150, Dimension, clusters: 50, seed: 22, pointSeed: 23);
        var index = TestVectors.Build(data, Options());
        var random = new Random(4);
        var deleted = Enumerable.Range(0, 5000).Where(_ => random.NextDouble() < 0.3).Select(i => $"item-{i}").ToList();
        index.Delete(deleted);

        int freed = index.Compact();

        var statistics = index.GetStatistics();
        Assert.Equal(deleted.Count, freed);
        Assert.Equal(0, statistics.Tombstones);
        Assert.Equal(deleted.Count, statistics.FreeSlots);
        Assert.Equal(5000 - deleted.Count, index.Count);
        var gone = deleted.ToHashSet();
        foreach (var query in queries.Take(50))
        {
            Assert.DoesNotContain(index.Search(query, 20), h => gone.Contains(h.Id));
        }
        double recall = TestVectors.Recall(index, queries, 10);
        Assert.True(recall >= 0.95, $"recall@10 after compaction was {recall:F3}");
    }

    [Fact]
    public void FreedSlotsAreReusedAndNewItemsAreFound()
    {
        var data = TestVectors.Clustered(3000, Dimension, clusters: 30, seed: 24);
        var index = TestVectors.Build(data, Options());
        index.Delete(Enumerable.Range(0, 1000).Select(i => $"item-{i}").ToList());
        index.Compact();
        int slotsBefore = index.GetStatistics().Slots;

        var fresh = TestVectors.Clustered(800, Dimension, clusters: 30, seed: 24, pointSeed: 25);
        index.Upsert(TestVectors.Items(fresh, "fresh-"));

        var statistics = index.GetStatistics();
        Assert.Equal(slotsBefore, statistics.Slots);
        Assert.Equal(200, statistics.FreeSlots);
        Assert.Equal(2800, index.Count);
        for (int i = 0; i < 800; i += 40)
        {
            Assert.Equal($"fresh-{i}", index.Search(fresh[i], 1)[0].Id);
        }
        double recall = TestVectors.Recall(index, fresh.Take(100).ToArray(), 10);
        Assert.True(recall >= 0.95, $"recall@10 after slot reuse was {recall:F3}");
    }

    [Fact]
    public void CompactionRemovesADeletedEntryPoint()
    {
        var data = TestVectors.Clustered(2000, Dimension, clusters: 20, seed: 26);
        var index = TestVectors.Build(data, Options());
        // Delete nearly everything, including whatever node is the entry point.
        index.Delete(Enumerable.Range(0, 1990).Select(i => $"item-{i}").ToList());
        index.Compact();
        var survivors = Enumerable.Range(1990, 10).Select(i => $"item-{i}").ToHashSet();
        var hits = index.Search(data[5], 10);
        Assert.Equal(survivors, hits.Select(h => h.Id).ToHashSet());
        index.Delete(survivors.ToList());
        index.Compact();
        Assert.Empty(index.Search(data[5], 10));
        index.Upsert([new IndexItem("again", data[5])]);
        Assert.Equal("again", Assert.Single(index.Search(data[5], 10)).Id);
    }

    [Fact]
    public async Task PassingTheTombstoneThresholdCompactsInTheBackground()
    {
        var data = TestVectors.Clustered(2000, Dimension, clusters: 20, seed: 27);
        var index = TestVectors.Build(data, Options(autoCompact: true));
        index.Delete(Enumerable.Range(0, 300).Select(i => $"item-{i}").ToList()); // 15%: below 20%
        Assert.Equal(300, index.GetStatistics().Tombstones);

        index.Delete(Enumerable.Range(300, 300).Select(i => $"item-{i}").ToList()); // 30%: above
        await index.WaitForBackgroundCompactionAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var statistics = index.GetStatistics();
        Assert.Equal(0, statistics.Tombstones);
        Assert.Equal(600, statistics.FreeSlots);
    }

    [Fact]
    public void ReplacedVectorsLeaveTombstonesThatCompactionFrees()
    {
        var data = TestVectors.Clustered(1000, Dimension, clusters: 10, seed: 28);
        var index = TestVectors.Build(data, Options());
        var replacements = TestVectors.Clustered(100, Dimension, clusters: 10, seed: 28, pointSeed: 29);
        index.Upsert(replacements.Select((v, i) => new IndexItem($"item-{i}", v)).ToList());
        Assert.Equal(100, index.GetStatistics().Tombstones);
        Assert.Equal(1000, index.Count);
        index.Compact();
        Assert.Equal(0, index.GetStatistics().Tombstones);
        for (int i = 0; i < 100; i += 10)
        {
            Assert.Equal($"item-{i}", index.Search(replacements[i], 1)[0].Id);
        }
    }
}
