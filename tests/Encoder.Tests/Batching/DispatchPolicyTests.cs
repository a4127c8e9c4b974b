using Recommender.Encoder.Batching;

namespace Recommender.Encoder.Tests.Batching;

public sealed class DispatchPolicyTests
{
    // One tick per microsecond keeps the arithmetic readable.
    private const long TicksPerSecond = 1_000_000;

    private static DispatchPolicy Policy(double maxDelayMs = 5, bool enabled = true) =>
        new(new BatcherOptions { MaxQueueDelay = TimeSpan.FromMilliseconds(maxDelayMs), Enabled = enabled }, TicksPerSecond);

    /// <summary>A stream of arrivals every <paramref name="gap"/> µs and batches of <paramref name="run"/> µs.</summary>
    private static DispatchPolicy Busy(DispatchPolicy policy, long gap, long run, long until)
    {
        for (var t = until - 20 * gap; t <= until; t += gap)
        {
            policy.OnArrival(t);
        }

        policy.OnBatchCompleted(run);
        return policy;
    }

    [Fact]
    public void Before_anything_is_known_it_dispatches_at_once()
    {
        var policy = Policy();
        policy.OnArrival(1_000);

        Assert.True(policy.WaitForCompanyUntil(1_000, 1_000, batchIsFull: false, queueHoldsFullBatch: false) <= 1_000);
    }

    [Fact]
    public void With_frequent_arrivals_it_waits_for_company_but_never_past_the_max_delay()
    {
        var policy = Busy(Policy(maxDelayMs: 5), gap: 500, run: 50_000, until: 100_000);

        var until = policy.WaitForCompanyUntil(100_000, oldestEnqueued: 100_000, batchIsFull: false, queueHoldsFullBatch: false);
        Assert.True(until > 100_000, "it should wait for the next arrival");
        Assert.True(until <= 105_000, "it must not wait past oldest + MaxQueueDelay");

        // The oldest item has already waited 4.8 ms of its 5 ms.
        var late = policy.WaitForCompanyUntil(100_200, oldestEnqueued: 95_400, batchIsFull: false, queueHoldsFullBatch: false);
        Assert.True(late <= 100_400);

        Assert.True(policy.WaitForCompanyUntil(105_000, oldestEnqueued: 100_000, batchIsFull: false, queueHoldsFullBatch: false) <= 105_000);
    }

    [Fact]
    public void It_waits_only_until_the_arrivals_pause_not_the_whole_max_delay()
    {
        var policy = Busy(Policy(maxDelayMs: 50), gap: 500, run: 500_000, until: 100_000);

        var until = policy.WaitForCompanyUntil(100_100, oldestEnqueued: 100_000, batchIsFull: false, queueHoldsFullBatch: false);
        Assert.InRange(until, 100_101, 101_000); // no arrival for two mean gaps means the stream paused
        Assert.True(policy.WaitForCompanyUntil(101_500, oldestEnqueued: 100_000, batchIsFull: false, queueHoldsFullBatch: false) <= 101_500);
    }

    [Fact]
    public void A_lone_request_per_batch_run_never_waits()
    {
        // Closed loop at concurrency 1: the next request arrives only after the previous batch ran.
        var policy = Policy(maxDelayMs: 1000);
        for (var t = 0L; t < 20; t++)
        {
            policy.OnArrival(t * 10_100);
            policy.OnBatchCompleted(10_000);
        }

        Assert.True(policy.WaitForCompanyUntil(200_000, 200_000, batchIsFull: false, queueHoldsFullBatch: false) <= 200_000);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_full_batch_or_a_queue_holding_a_full_batch_is_dispatched_at_once(bool batchIsFull, bool queueHoldsFullBatch)
    {
        var policy = Busy(Policy(), gap: 100, run: 50_000, until: 10_000);

        Assert.True(policy.WaitForCompanyUntil(10_000, 10_000, batchIsFull, queueHoldsFullBatch) <= 10_000);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(5, false)]
    public void With_no_delay_or_batching_off_it_never_waits(double maxDelayMs, bool enabled)
    {
        var policy = Busy(Policy(maxDelayMs, enabled), gap: 100, run: 50_000, until: 10_000);

        Assert.True(policy.WaitForCompanyUntil(10_000, 10_000, batchIsFull: false, queueHoldsFullBatch: false) <= 10_000);
    }
}
