using Recommender.CandidateRetrieval.Index;
using Recommender.CandidateRetrieval.Retrieval;
using Xunit;

namespace Recommender.CandidateRetrieval.Tests;

public sealed class CategoryPathTests
{
    [Theory]
    [InlineData("Electronics/Phones/Android", "Electronics/Phones", true)]
    [InlineData("Electronics/Phones", "Electronics/Phones", true)]
    [InlineData("Electronics/PhonesX", "Electronics/Phones", false)]
    [InlineData("Electronics/Phones", "Electronics/Phones/Android", false)]
    [InlineData("Electronics", "electronics", false)]
    [InlineData("Books/Electronics/Phones", "Electronics", false)]
    public void PrefixMatchingIsByWholeSegments(string path, string prefix, bool expected) =>
        Assert.Equal(expected, CategoryPath.Parse(path, "path").StartsWith(CategoryPath.Parse(prefix, "prefix")));

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("A//B")]
    [InlineData("/A")]
    [InlineData("A/")]
    [InlineData("A/ /B")]
    public void EmptySegmentsAreRejectedWithTheField(string path)
    {
        var error = Assert.Throws<IndexArgumentException>(() => CategoryPath.Parse(path, "items[2].categoryPath"));
        Assert.Equal("items[2].categoryPath", error.Field);
    }

    [Fact]
    public void OverlongPathIsRejected()
    {
        var error = Assert.Throws<IndexArgumentException>(() => CategoryPath.Parse(new string('a', 20), "path", maxLength: 10));
        Assert.Equal("10", error.Limit);
    }

    [Fact]
    public void SegmentsAreExposed() =>
        Assert.Equal(["A", "B", "C"], CategoryPath.Parse("A/B/C", "path").Segments);
}
