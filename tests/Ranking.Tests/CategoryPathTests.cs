using Recommender.Ranking.Features;

namespace Recommender.Ranking.Tests;

public sealed class CategoryPathTests
{
    [Fact]
    public void Path_operations()
    {
        Assert.Equal(3, CategoryPath.Depth("Electronics/Phones/Android"));
        Assert.Equal(0, CategoryPath.Depth(""));
        Assert.Equal("Electronics/Phones", CategoryPath.Truncate("Electronics/Phones/Android", 2));
        Assert.Equal("Electronics", CategoryPath.Truncate("Electronics", 3));
        Assert.Equal("Android", CategoryPath.LastSegment("Electronics/Phones/Android"));
        Assert.Equal("Crime", CategoryPath.LastSegment("Crime"));
        Assert.Equal(["a/b/c", "a/b", "a"], CategoryPath.SelfAndAncestors("a/b/c"));
        Assert.Equal(2, CategoryPath.CommonPrefixDepth("a/b/c", "a/b/d"));
        Assert.Equal(1, CategoryPath.CommonPrefixDepth("a/bc", "a/b"));
        Assert.Equal(0, CategoryPath.CommonPrefixDepth("ab", "a"));
        Assert.Equal(2, CategoryPath.CommonPrefixDepth("a/b", "a/b"));
        Assert.True(CategoryPath.IsWellFormed("a/b"));
        Assert.False(CategoryPath.IsWellFormed("a//b"));
        Assert.False(CategoryPath.IsWellFormed("/a"));
    }
}
