namespace Recommender.Encoder.Batching;

/// <summary>
/// Decides whether a free worker runs an under-filled batch now or waits briefly for company.
/// Not thread-safe: the batcher uses it under its lock. Times are Stopwatch timestamps.
/// </summary>
/// <remarks>
/// Waiting only pays when more sequences are about to arrive. The policy waits when (1) the batch
/// is under-filled and the whole queue holds less than one full batch, (2) requests have recently
/// been arriving at least <see cref="ArrivalsPerBatchRun"/> times per batch run, so company is
/// expected well within the batch's own cost, and (3) the oldest sequence has waited less than
/// MaxQueueDelay. It stops waiting when the batch fills, MaxQueueDelay passes, or the arrivals
/// pause (no arrival for two mean gaps). A lone request on an idle batcher arrives once per batch
/// run at most, so it never waits; that keeps the single-request path at the cost of a bare run.
/// </remarks>
internal sealed class DispatchPolicy(BatcherOptions options, long ticksPerSecond)
{
    /// <summary>How many arrivals per batch run make waiting for company worthwhile.</summary>
    public const double ArrivalsPerBatchRun = 4;

    private const double Smoothing = 0.2;

    private readonly long _maxDelayTicks = (long)(options.MaxQueueDelay.TotalSeconds * ticksPerSecond);
    private long _lastArrival = long.MinValue;
    private double _meanArrivalGap = double.NaN;
    private double _meanRunTicks = double.NaN;

    public void OnArrival(long now)
    {
        if (_lastArrival != long.MinValue)
        {
            _meanArrivalGap = Average(_meanArrivalGap, now - _lastArrival);
        }

        _lastArrival = now;
    }

    public void OnBatchCompleted(long runTicks) => _meanRunTicks = Average(_meanRunTicks, runTicks);

    /// <summary>
    /// Returns the timestamp until which to wait for company (then decide again), or
    /// <paramref name="now"/> or earlier to dispatch at once.
    /// </summary>
    public long WaitForCompanyUntil(long now, long oldestEnqueued, bool batchIsFull, bool queueHoldsFullBatch)
    {
        if (!options.Enabled || _maxDelayTicks == 0 || batchIsFull || queueHoldsFullBatch)
        {
            return now;
        }

        if (double.IsNaN(_meanArrivalGap) || double.IsNaN(_meanRunTicks)
            || _meanArrivalGap * ArrivalsPerBatchRun > _meanRunTicks)
        {
            return now;
        }

        var delayEnds = oldestEnqueued + _maxDelayTicks;
        var arrivalsPause = _lastArrival + (long)(2 * _meanArrivalGap);
        return Math.Min(delayEnds, arrivalsPause);
    }

    private static double Average(double mean, double sample) =>
        double.IsNaN(mean) ? sample : mean + Smoothing * (sample - mean);
}
