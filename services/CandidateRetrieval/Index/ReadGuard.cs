namespace Recommender.CandidateRetrieval.Index;

/// <summary>
/// Lets compaction know when every search that might still hold an unlinked slot has finished
/// (a grace period), so the slot can be reused without a search ever reading a half-overwritten
/// vector. Searches enter the current epoch; compaction swaps in a new epoch and waits for the old
/// one to drain. Cost per search: two interlocked increments, no allocation.
/// </summary>
internal sealed class ReadGuard
{
    private Epoch _current = new();

    public Epoch Enter()
    {
        while (true)
        {
            var epoch = Volatile.Read(ref _current);
            Interlocked.Increment(ref epoch.Active);
            // If compaction swapped epochs between the read and the increment it may already have seen
            // the old epoch drained; retry on the new one.
            if (ReferenceEquals(epoch, Volatile.Read(ref _current)))
            {
                return epoch;
            }
            Interlocked.Decrement(ref epoch.Active);
        }
    }

    public static void Exit(Epoch epoch) => Interlocked.Decrement(ref epoch.Active);

    /// <summary>Waits until every search that entered before this call has exited.</summary>
    public void WaitForEarlierReaders()
    {
        var old = Interlocked.Exchange(ref _current, new Epoch());
        var spinner = new SpinWait();
        while (Volatile.Read(ref old.Active) != 0)
        {
            spinner.SpinOnce(sleep1Threshold: 20);
        }
    }

    internal sealed class Epoch
    {
        public int Active;
    }
}
