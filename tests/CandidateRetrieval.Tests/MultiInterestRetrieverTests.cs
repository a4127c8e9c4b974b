using Recommender.CandidateRetrieval.Index;
using Recommender.CandidateRetrieval.Retrieval;
using Xunit;

namespace Recommender.CandidateRetrieval.Tests;

public sealed class MultiInterestRetrieverTests
{
    private readonly RetrievalFixture _fixture = new();

    private RetrievalResult Retrieve(int k, RetrievalFilter? filter, params InterestQuery[] queries) =>
        _fixture.Retriever.Retrieve(new RetrievalRequest(queries, k, filter));

    private static string[] Ids(RetrievalResult result) => result.Candidates.Select(c => c.ItemId).ToArray();

    [Fact]
    public void EachInterestFillsItsQuota()
    {
        var result = Retrieve(5, null, new InterestQuery(RetrievalFixture.E1, 0.7f, 3), new InterestQuery(RetrievalFixture.E2, 0.3f, 2));

        Assert.Equal(["A1", "A2", "A3", "B1", "B2"], Ids(result));
        Assert.Equal([0, 0, 0, 1, 1], result.Candidates.Select(c => c.QueryIndex));
        Assert.Equal(0.7f * RetrievalFixture.Similarity(1), result.Candidates[0].Score, 5);
        Assert.Equal(RetrievalFixture.Similarity(1), result.Candidates[0].Similarity, 5);
        Assert.Equal(0.3f * RetrievalFixture.Similarity(2), result.Candidates[4].Score, 5);
        Assert.Equal([new QueryFill(0, 3, 3), new QueryFill(1, 2, 2)], result.Queries);
    }

    [Fact]
    public void MinorInterestKeepsACandidateWhenQuotasExceedK()
    {
        // B1 scores 0.3 while A4 would score 0.65, yet B keeps its one slot.
        var result = Retrieve(4, null, new InterestQuery(RetrievalFixture.E1, 0.7f, 10), new InterestQuery(RetrievalFixture.E2, 0.3f, 1));

        Assert.Equal(["A1", "A2", "A3", "B1"], Ids(result));
        Assert.Equal([new QueryFill(0, 3, 3), new QueryFill(1, 1, 1)], result.Queries);
    }

    [Fact]
    public void SpareRoomIsSharedByWeight()
    {
        // Quotas 1 + 1 leave 4 of k = 6: 4 × 0.6 = 2.4 and 4 × 0.4 = 1.6, largest remainder gives 2 and 2.
        var result = Retrieve(6, null, new InterestQuery(RetrievalFixture.E1, 0.6f, 1), new InterestQuery(RetrievalFixture.E2, 0.4f, 1));

        Assert.Equal(["A1", "A2", "A3", "B1", "B2", "B3"], Ids(result));
        Assert.Equal([new QueryFill(0, 1, 3), new QueryFill(1, 1, 3)], result.Queries);
    }

    [Fact]
    public void WhenFiltersLeaveFewerThanKEverythingThatMatchesIsReturned()
    {
        // Only A1, A3, A5 (Phones) and B1..B3 (Fiction) pass. A fills its quota of 2 with A1 and A3; B takes
        // its three books and, as the filtered set is exhausted, A5 too (which is still attributed to A,
        // where it scores 0.447 against 0 for B).
        var filter = new RetrievalFilter { IncludeCategoryPrefixes = ["Electronics/Phones", "Books/Fiction"] };
        var result = Retrieve(10, filter, new InterestQuery(RetrievalFixture.E1, 0.5f, 2), new InterestQuery(RetrievalFixture.E2, 0.5f, 5));

        Assert.Equal(["A1", "B1", "B2", "A3", "B3", "A5"], Ids(result));
        Assert.Equal(0, result.Candidates[^1].QueryIndex);
        Assert.Equal([new QueryFill(0, 2, 2), new QueryFill(1, 5, 4)], result.Queries);
    }

    [Fact]
    public void ItemFoundByTwoQueriesAppearsOnceWithItsBestScore()
    {
        var result = Retrieve(4, null, new InterestQuery(RetrievalFixture.E1, 0.3f, 2), new InterestQuery(RetrievalFixture.E1, 0.9f, 2));

        Assert.Equal(["A1", "A2", "A3", "A4"], Ids(result));
        Assert.All(result.Candidates, c => Assert.Equal(1, c.QueryIndex));
        Assert.Equal(0.9f * RetrievalFixture.Similarity(4), result.Candidates[3].Score, 5);
        Assert.Equal([new QueryFill(0, 2, 2), new QueryFill(1, 2, 2)], result.Queries);
    }

    [Fact]
    public void SharedItemIsAttributedToTheQueryItFitsBest()
    {
        float[] diagonal = [1, 1, 0, 0];
        var result = Retrieve(2, null, new InterestQuery(RetrievalFixture.E1, 0.5f, 1), new InterestQuery(diagonal, 0.5f, 1));

        Assert.Equal(["AB", "A1"], Ids(result));
        Assert.Equal(1, result.Candidates[0].QueryIndex);
        Assert.Equal(0.5f, result.Candidates[0].Score, 5);
    }

    [Fact]
    public void IncludePrefixMatchesWholeSegmentsOnly()
    {
        var filter = new RetrievalFilter { IncludeCategoryPrefixes = ["Electronics/Phones"] };
        var result = Retrieve(10, filter, new InterestQuery(RetrievalFixture.E1, 1f, 10));
        // AB is in Electronics/PhonesX and must not match.
        Assert.Equal(["A1", "A3", "A5"], Ids(result));
    }

    [Fact]
    public void ExcludePrefixRemovesTheSubtree()
    {
        var filter = new RetrievalFilter { ExcludeCategoryPrefixes = ["Electronics/Laptops"] };
        var result = Retrieve(4, filter, new InterestQuery(RetrievalFixture.E1, 1f, 4));
        Assert.Equal(["A1", "A3", "A5", "AB"], Ids(result));
    }

    [Fact]
    public void ExcludedItemIdsAreSkipped()
    {
        var filter = new RetrievalFilter { ExcludeItemIds = ["A1", "A2", "not-in-catalog"] };
        var result = Retrieve(3, filter, new InterestQuery(RetrievalFixture.E1, 1f, 3));
        Assert.Equal(["A3", "A4", "A5"], Ids(result));
    }

    [Fact]
    public void AttributeEqualityMustHoldForEveryCondition()
    {
        var acme = new RetrievalFilter { AttributeEquals = new Dictionary<string, string> { ["brand"] = "acme" } };
        Assert.Equal(["A2", "A4", "A6"], Ids(Retrieve(10, acme, new InterestQuery(RetrievalFixture.E1, 1f, 10))));

        var impossible = new RetrievalFilter { AttributeEquals = new Dictionary<string, string> { ["brand"] = "acme", ["language"] = "en" } };
        Assert.Empty(Retrieve(10, impossible, new InterestQuery(RetrievalFixture.E1, 1f, 10)).Candidates);
    }

    [Fact]
    public void FiltersCombine()
    {
        var filter = new RetrievalFilter
        {
            IncludeCategoryPrefixes = ["Electronics", "Books/Science"],
            ExcludeCategoryPrefixes = ["Electronics/Laptops"],
            ExcludeItemIds = ["A1"],
        };
        var result = Retrieve(4, filter, new InterestQuery(RetrievalFixture.E1, 0.5f, 2), new InterestQuery(RetrievalFixture.E2, 0.5f, 2));
        // A5 and B5 tie at 0.5 × 0.894; ties are ordered by item id.
        Assert.Equal(["A3", "B4", "A5", "B5"], Ids(result));
    }

    [Fact]
    public void NeverReturnsMoreThanK()
    {
        var result = Retrieve(3, null, new InterestQuery(RetrievalFixture.E1, 0.5f, 5), new InterestQuery(RetrievalFixture.E2, 0.5f, 5));
        Assert.Equal(3, result.Candidates.Count);
        Assert.Equal(3, result.Queries.Sum(q => q.Filled));
    }

    [Fact]
    public void ItemsWithoutMetadataAreSkippedOnlyWhenAFilterNeedsIt()
    {
        _fixture.Index.TryGetInternalId("A1", out int slot);
        _fixture.Metadata.Remove(slot);
        Assert.Equal("A1", Ids(Retrieve(1, null, new InterestQuery(RetrievalFixture.E1, 1f, 1)))[0]);
        var filter = new RetrievalFilter { IncludeCategoryPrefixes = ["Electronics"] };
        Assert.Equal("A2", Ids(Retrieve(1, filter, new InterestQuery(RetrievalFixture.E1, 1f, 1)))[0]);
    }
}
