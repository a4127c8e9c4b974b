using Recommender.CandidateRetrieval.Index;
using Recommender.CandidateRetrieval.Retrieval;
using Xunit;

namespace Recommender.CandidateRetrieval.Tests;

public sealed class RetrievalBadInputTests
{
    private readonly RetrievalFixture _fixture = new();

    private IndexArgumentException Rejects(RetrievalRequest request) =>
        Assert.Throws<IndexArgumentException>(() => _fixture.Retriever.Retrieve(request));

    private static InterestQuery Query(float[]? vector = null, float weight = 1f, int quota = 3) =>
        new(vector ?? RetrievalFixture.E1, weight, quota);

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void KOutsideLimitIsRejected(int k)
    {
        var error = Rejects(new RetrievalRequest([Query()], k));
        Assert.Equal("k", error.Field);
        Assert.Equal("1000", error.Limit);
    }

    [Fact]
    public void NoQueriesIsRejected() => Assert.Equal("queries", Rejects(new RetrievalRequest([], 5)).Field);

    [Fact]
    public void TooManyQueriesIsRejected()
    {
        var error = Rejects(new RetrievalRequest(Enumerable.Repeat(Query(), 17).ToList(), 5));
        Assert.Equal("queries", error.Field);
        Assert.Equal("16", error.Limit);
    }

    [Fact]
    public void BadQueryVectorsNameTheQuery()
    {
        Assert.Equal("queries[1].vector", Rejects(new RetrievalRequest([Query(), Query([1, 0, 0])], 5)).Field);
        Assert.Equal("queries[0].vector", Rejects(new RetrievalRequest([Query([0, 0, 0, 0])], 5)).Field);
        Assert.Equal("queries[0].vector[2]", Rejects(new RetrievalRequest([Query([1, 0, float.NaN, 0])], 5)).Field);
        Assert.Equal("queries[0].vector[1]", Rejects(new RetrievalRequest([Query([1, float.PositiveInfinity, 0, 0])], 5)).Field);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.5f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void WeightMustBePositiveAndFinite(float weight) =>
        Assert.Equal("queries[0].weight", Rejects(new RetrievalRequest([Query(weight: weight)], 5)).Field);

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void QuotaOutsideLimitIsRejected(int quota) =>
        Assert.Equal("queries[0].quota", Rejects(new RetrievalRequest([Query(quota: quota)], 5)).Field);

    [Theory]
    [InlineData("Electronics//Phones")]
    [InlineData("/Electronics")]
    [InlineData("")]
    public void CategoryPrefixWithEmptySegmentIsRejected(string prefix)
    {
        var include = new RetrievalFilter { IncludeCategoryPrefixes = ["Books", prefix] };
        Assert.Equal("filter.includeCategoryPrefixes[1]", Rejects(new RetrievalRequest([Query()], 5, include)).Field);
        var exclude = new RetrievalFilter { ExcludeCategoryPrefixes = [prefix] };
        Assert.Equal("filter.excludeCategoryPrefixes[0]", Rejects(new RetrievalRequest([Query()], 5, exclude)).Field);
    }

    [Fact]
    public void FilterListsAboveTheirLimitsAreRejected()
    {
        var retriever = new MultiInterestRetriever(_fixture.Index, _fixture.Metadata,
            new RetrievalOptions { MaxExcludedItems = 2, MaxCategoryPrefixes = 1, MaxAttributeFilters = 1 });
        var manyIds = new RetrievalFilter { ExcludeItemIds = ["a", "b", "c"] };
        Assert.Equal("2", Assert.Throws<IndexArgumentException>(() => retriever.Retrieve(new RetrievalRequest([Query()], 5, manyIds))).Limit);
        var manyPrefixes = new RetrievalFilter { IncludeCategoryPrefixes = ["A"], ExcludeCategoryPrefixes = ["B"] };
        Assert.Equal("filter.categoryPrefixes", Assert.Throws<IndexArgumentException>(() => retriever.Retrieve(new RetrievalRequest([Query()], 5, manyPrefixes))).Field);
        var manyAttributes = new RetrievalFilter { AttributeEquals = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } };
        Assert.Equal("filter.attributeEquals", Assert.Throws<IndexArgumentException>(() => retriever.Retrieve(new RetrievalRequest([Query()], 5, manyAttributes))).Field);
    }

    [Fact]
    public void EmptyExcludedIdAndAttributeNameAreRejected()
    {
        Assert.Equal("filter.excludeItemIds[1]",
            Rejects(new RetrievalRequest([Query()], 5, new RetrievalFilter { ExcludeItemIds = ["A1", ""] })).Field);
        Assert.Equal("filter.attributeEquals",
            Rejects(new RetrievalRequest([Query()], 5, new RetrievalFilter { AttributeEquals = new Dictionary<string, string> { [""] = "x" } })).Field);
    }

    [Fact]
    public void EfSearchOutsideLimitIsRejected() =>
        Assert.Equal("efSearch", Rejects(new RetrievalRequest([Query()], 5, EfSearch: 0)).Field);

    [Fact]
    public void OptionsAboveTheIndexLimitAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new MultiInterestRetriever(_fixture.Index, _fixture.Metadata, new RetrievalOptions { MaxK = 5000 }));
}
