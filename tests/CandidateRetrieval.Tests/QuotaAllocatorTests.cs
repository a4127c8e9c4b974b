using Recommender.CandidateRetrieval.Retrieval;
using Xunit;

namespace Recommender.CandidateRetrieval.Tests;

public sealed class QuotaAllocatorTests
{
    [Fact]
    public void QuotasWithinKAreKept() => Assert.Equal([3, 2, 0], QuotaAllocator.FitToK([3, 2, 0], 10));

    [Fact]
    public void QuotasAboveKAreScaledKeepingEveryInterest()
    {
        // 1 each first, then the remaining 7 split over what they still asked for (59, 9, 0): 59*7/68 = 6.07, 9*7/68 = 0.93.
        Assert.Equal([7, 2, 1], QuotaAllocator.FitToK([60, 10, 1], 10));
    }

    [Fact]
    public void WhenKIsBelowTheNumberOfInterestsTheLargestQuotasWin() =>
        Assert.Equal([0, 1, 1, 0], QuotaAllocator.FitToK([1, 5, 3, 0], 2));

    [Fact]
    public void SplitIsProportionalWithLargestRemainder() =>
        // 5 * 0.6 = 3, 5 * 0.4 = 2.
        Assert.Equal([3, 2], QuotaAllocator.Split(5, [0.6, 0.4], [100, 100]));

    [Fact]
    public void SplitPassesOnWhatACappedEntryCannotTake() =>
        // Entry 0 takes its 1; the other 9 go 0.3 : 0.2, i.e. 5.4 : 3.6, rounded by largest remainder.
        Assert.Equal([1, 5, 4], QuotaAllocator.Split(10, [0.5, 0.3, 0.2], [1, 100, 100]));

    [Fact]
    public void SplitNeverExceedsTotalCapacity() =>
        Assert.Equal([2, 1], QuotaAllocator.Split(10, [0.5, 0.5], [2, 1]));
}
