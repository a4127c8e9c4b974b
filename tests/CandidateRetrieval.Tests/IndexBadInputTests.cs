using Recommender.CandidateRetrieval.Index;
using Xunit;

namespace Recommender.CandidateRetrieval.Tests;

public sealed class IndexBadInputTests
{
    private const int Dimension = 8;

    private static HnswIndex NewIndex(int maxBatchSize = 100, int maxItems = 1000) =>
        new(new HnswOptions { Dimension = Dimension, M = 4, EfConstruction = 16, MaxK = 50, MaxBatchSize = maxBatchSize, MaxItems = maxItems, MaxIdLength = 16, MaxEfSearch = 200 });

    private static float[] Vector(float first = 1f)
    {
        var v = new float[Dimension];
        v[0] = first;
        v[1] = 0.5f;
        return v;
    }

    private static IndexArgumentException RejectsUpsert(HnswIndex index, params IndexItem[] items) =>
        Assert.Throws<IndexArgumentException>(() => index.Upsert(items));

    [Fact]
    public void WrongDimensionNamesTheItemAndTheLimit()
    {
        var error = RejectsUpsert(NewIndex(), new IndexItem("a", Vector()), new IndexItem("b", new float[Dimension - 1]));
        Assert.Equal("items[1].vector", error.Field);
        Assert.Equal("8 components", error.Limit);
        Assert.Contains("7 components", error.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void NonFiniteComponentIsNamedWithItsPosition(float bad)
    {
        var vector = Vector();
        vector[3] = bad;
        var error = RejectsUpsert(NewIndex(), new IndexItem("a", vector));
        Assert.Equal("items[0].vector[3]", error.Field);
        Assert.Contains("finite", error.Message);
    }

    [Fact]
    public void ZeroVectorIsRejected()
    {
        var error = RejectsUpsert(NewIndex(), new IndexItem("a", new float[Dimension]));
        Assert.Equal("items[0].vector", error.Field);
        Assert.Contains("zero vector", error.Message);
    }

    [Fact]
    public void TinyAndHugeVectorsAreNormalisedNotRejected()
    {
        var index = NewIndex();
        var tiny = new float[Dimension];
        tiny[2] = float.Epsilon;
        var huge = new float[Dimension];
        huge[0] = float.MaxValue;
        huge[1] = float.MaxValue;
        index.Upsert([new IndexItem("tiny", tiny), new IndexItem("huge", huge)]);
        var hit = Assert.Single(index.Search(tiny, 1));
        Assert.Equal("tiny", hit.Id);
        Assert.Equal(1f, hit.Score, 5);
        Assert.Equal(1f, index.Search(huge, 1)[0].Score, 5);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void EmptyIdIsRejected(string? id)
    {
        var error = RejectsUpsert(NewIndex(), new IndexItem("a", Vector()), new IndexItem(id!, Vector()));
        Assert.Equal("items[1].id", error.Field);
    }

    [Fact]
    public void OverlongIdIsRejectedWithTheLimit()
    {
        var error = RejectsUpsert(NewIndex(), new IndexItem(new string('x', 17), Vector()));
        Assert.Equal("items[0].id", error.Field);
        Assert.Equal("16", error.Limit);
    }

    [Fact]
    public void DuplicateIdInBatchNamesBothPositions()
    {
        var error = RejectsUpsert(NewIndex(), new IndexItem("a", Vector()), new IndexItem("b", Vector()), new IndexItem("a", Vector(2)));
        Assert.Equal("items[2].id", error.Field);
        Assert.Contains("items[0]", error.Message);
    }

    [Fact]
    public void BatchAboveLimitIsRejected()
    {
        var items = Enumerable.Range(0, 4).Select(i => new IndexItem($"i{i}", Vector(i + 1))).ToArray();
        var error = RejectsUpsert(NewIndex(maxBatchSize: 3), items);
        Assert.Equal("items", error.Field);
        Assert.Equal("3", error.Limit);
    }

    [Fact]
    public void RejectedBatchLeavesTheIndexUnchanged()
    {
        var index = NewIndex();
        var random = new Random(5);
        var original = Enumerable.Range(0, 20).Select(i => new IndexItem($"keep-{i}", TestVectors.RandomUnit(random, Dimension))).ToList();
        index.Upsert(original);
        var query = TestVectors.RandomUnit(random, Dimension);
        var before = index.Search(query, 10);

        var bad = new List<IndexItem>
        {
            new("keep-0", TestVectors.RandomUnit(random, Dimension)), // would replace an existing item
            new("fresh", TestVectors.RandomUnit(random, Dimension)),  // would add a new one
            new("broken", new float[Dimension]),                      // zero vector: rejects the batch
        };
        Assert.Throws<IndexArgumentException>(() => index.Upsert(bad));

        Assert.Equal(20, index.Count);
        Assert.False(index.Contains("fresh"));
        TestVectors.AssertClose(TestVectors.Normalized(original[0].Vector.Span), index.GetVector("keep-0"));
        Assert.Equal(before, index.Search(query, 10));
        Assert.Equal(0, index.GetStatistics().Tombstones);
    }

    [Fact]
    public void BatchBeyondCapacityIsRejectedWhole()
    {
        var index = NewIndex(maxItems: 5);
        index.Upsert(Enumerable.Range(0, 4).Select(i => new IndexItem($"i{i}", Vector(i + 1))).ToList());
        var error = Assert.Throws<IndexCapacityException>(() =>
            index.Upsert([new IndexItem("x", Vector(10)), new IndexItem("y", Vector(11))]));
        Assert.Contains("MaxItems 5", error.Message);
        Assert.Equal(4, index.Count);
        Assert.False(index.Contains("x"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(51)]
    public void KOutsideOneToMaxKIsRejected(int k)
    {
        var index = NewIndex();
        index.Upsert([new IndexItem("a", Vector())]);
        var error = Assert.Throws<IndexArgumentException>(() => index.Search(Vector(), k));
        Assert.Equal("k", error.Field);
        Assert.Equal("50", error.Limit);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public void EfSearchOutsideLimitIsRejected(int ef)
    {
        var error = Assert.Throws<IndexArgumentException>(() => NewIndex().Search(Vector(), 1, new SearchParameters(EfSearch: ef)));
        Assert.Equal("efSearch", error.Field);
    }

    [Fact]
    public void BadQueriesAreRejectedWithTheQueryField()
    {
        var index = NewIndex();
        Assert.Equal("query", Assert.Throws<IndexArgumentException>(() => index.Search(new float[3], 1)).Field);
        Assert.Equal("query", Assert.Throws<IndexArgumentException>(() => index.Search(new float[Dimension], 1)).Field);
        var nan = Vector();
        nan[5] = float.NaN;
        Assert.Equal("query[5]", Assert.Throws<IndexArgumentException>(() => index.Search(nan, 1)).Field);
    }

    [Fact]
    public void DeleteBatchIsValidatedBeforeAnythingIsDeleted()
    {
        var index = NewIndex(maxBatchSize: 3);
        index.Upsert([new IndexItem("a", Vector(1)), new IndexItem("b", Vector(2))]);
        Assert.Equal("ids[1]", Assert.Throws<IndexArgumentException>(() => index.Delete(["a", ""])).Field);
        Assert.Equal("ids[2]", Assert.Throws<IndexArgumentException>(() => index.Delete(["a", "b", "a"])).Field);
        Assert.Equal("ids", Assert.Throws<IndexArgumentException>(() => index.Delete(["a", "b", "c", "d"])).Field);
        Assert.Equal(2, index.Count);
        Assert.True(index.Contains("a"));
    }

    [Fact]
    public void MessageDoesNotCarryTheParameterSuffix()
    {
        var error = RejectsUpsert(NewIndex(), new IndexItem("", Vector()));
        Assert.DoesNotContain("(Parameter", error.Message);
        Assert.IsAssignableFrom<ArgumentException>(error);
    }
}
