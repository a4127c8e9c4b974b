using Recommender.CandidateRetrieval.Index;
using Xunit;

namespace Recommender.CandidateRetrieval.Tests;

public sealed class HnswOptionsTests
{
    [Fact]
    public void DefaultsAreValid() => new HnswOptions().Validate();

    [Theory]
    [InlineData(nameof(HnswOptions.Dimension))]
    [InlineData(nameof(HnswOptions.M))]
    [InlineData(nameof(HnswOptions.EfConstruction))]
    [InlineData(nameof(HnswOptions.EfSearch))]
    [InlineData(nameof(HnswOptions.MaxK))]
    [InlineData(nameof(HnswOptions.MaxItems))]
    [InlineData(nameof(HnswOptions.BuildThreads))]
    [InlineData(nameof(HnswOptions.CompactionTombstoneFraction))]
    public void OutOfRangeOptionIsNamed(string option)
    {
        var options = option switch
        {
            nameof(HnswOptions.Dimension) => new HnswOptions { Dimension = 0 },
            nameof(HnswOptions.M) => new HnswOptions { M = 1 },
            nameof(HnswOptions.EfConstruction) => new HnswOptions { M = 16, EfConstruction = 8 },
            nameof(HnswOptions.EfSearch) => new HnswOptions { EfSearch = 5000, MaxEfSearch = 4096 },
            nameof(HnswOptions.MaxK) => new HnswOptions { MaxK = 0 },
            nameof(HnswOptions.MaxItems) => new HnswOptions { MaxItems = 0 },
            nameof(HnswOptions.BuildThreads) => new HnswOptions { BuildThreads = 0 },
            _ => new HnswOptions { CompactionTombstoneFraction = double.NaN },
        };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new HnswIndex(options));
        Assert.Equal(option, error.ParamName);
    }
}
