using System.Diagnostics;
using System.Threading.RateLimiting;
using Recommender.Gateway.Auth;

namespace Recommender.Gateway.Tests;

/// <summary>A key's configured rate is the rate it gets: whole tokens per period, no rounding to multiples of 10/s.</summary>
public sealed class RateLimitTests
{
    [Theory]
    [InlineData(0.3)]
    [InlineData(1)]
    [InlineData(2.5)]
    [InlineData(15)]
    [InlineData(200)]
    [InlineData(5000)]
    public void Replenishment_gives_exactly_the_configured_rate(double rate)
    {
        var (tokens, period) = ApiKeyAuthorization.Replenishment(rate);
        Assert.True(tokens >= 1);
        Assert.True(period >= TimeSpan.FromMilliseconds(100) - TimeSpan.FromTicks(1), $"period {period}");
        // Exact up to TimeSpan's 100 ns tick.
        Assert.InRange(tokens / period.TotalSeconds, rate * (1 - 1e-6), rate * (1 + 1e-6));
    }

    /// <summary>
    /// Over a measured window, a limiter built from the replenishment grants the burst plus the rate times
    /// the window: counted, with two periods' tokens of slack (where the window ends, and a tick of the
    /// limiter's replenishment timer that comes early is skipped). The old rounding gave a 2/s key 10/s
    /// (31 in 3 s against 7 here) and a 15/s key 20/s.
    /// </summary>
    [Theory]
    [InlineData(2, 1)]
    [InlineData(15, 3)]
    public async Task A_limiter_grants_the_burst_plus_the_rate_over_a_measured_window(double rate, int burst)
    {
        var (tokens, period) = ApiKeyAuthorization.Replenishment(rate);
        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst, TokensPerPeriod = tokens, ReplenishmentPeriod = period, QueueLimit = 0, AutoReplenishment = true,
        });
        var granted = 0;
        var window = Stopwatch.StartNew();
        while (window.Elapsed < TimeSpan.FromSeconds(3))
        {
            using var lease = limiter.AttemptAcquire();
            granted += lease.IsAcquired ? 1 : 0;
            await Task.Delay(5);
        }
        var seconds = window.Elapsed.TotalSeconds;
        var expected = burst + Math.Floor(seconds / period.TotalSeconds) * tokens;
        Assert.InRange(granted, expected - 2 * tokens, expected + tokens);
    }
}
