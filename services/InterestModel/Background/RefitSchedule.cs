namespace Recommender.InterestModel.Background;

/// <summary>Counts events recorded since the last prior refit; the refit service reads and resets it. Thread-safe.</summary>
internal sealed class RefitSchedule
{
    private long sinceLastRefit;

    public long EventsSinceLastRefit => Interlocked.Read(ref sinceLastRefit);

    public void EventsRecorded(int count) => Interlocked.Add(ref sinceLastRefit, count);

    /// <summary>Resets the count as a refit starts; returns what it was.</summary>
    public long Reset() => Interlocked.Exchange(ref sinceLastRefit, 0);
}
