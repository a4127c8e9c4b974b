namespace Recommender.InterestModel.Catalog;

/// <summary>
/// After a failed catalog call, further calls wait: the first retry after the initial delay, each failure doubling it
/// up to the maximum, the first success resetting it. Keeps a down catalog from slowing every request. Thread-safe.
/// </summary>
internal sealed class CatalogBackoff(TimeSpan initial, TimeSpan max, TimeProvider time)
{
    private readonly object gate = new();
    private int failures;
    private DateTimeOffset retryAt = DateTimeOffset.MinValue;

    /// <summary>True when a call may be made now.</summary>
    public bool CanCall
    {
        get
        {
            lock (gate)
            {
                return time.GetUtcNow() >= retryAt;
            }
        }
    }

    /// <summary>Consecutive failures so far (0 when the last call succeeded).</summary>
    public int Failures
    {
        get
        {
            lock (gate)
            {
                return failures;
            }
        }
    }

    public void Succeeded()
    {
        lock (gate)
        {
            failures = 0;
            retryAt = DateTimeOffset.MinValue;
        }
    }

    /// <summary>Records a failure and returns how long calls now wait.</summary>
    public TimeSpan Failed()
    {
        lock (gate)
        {
            failures++;
            var delay = TimeSpan.FromTicks((long)Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, Math.Min(failures - 1, 30))));
            retryAt = time.GetUtcNow() + delay;
            return delay;
        }
    }
}
