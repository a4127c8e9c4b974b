namespace Recommender.CandidateRetrieval.Index;

/// <summary>
/// Which slots a search has already scored: one stamp per slot, and a new search just bumps the
/// generation instead of clearing, so resetting costs nothing (the array is cleared once every
/// 65,535 searches). 16-bit stamps keep the array small enough to stay in cache.
/// </summary>
internal sealed class VisitedSet
{
    private ushort[] _stamps = new ushort[NodeStore.ChunkSize];
    private ushort _generation;

    public void Reset(int slotCount)
    {
        if (_stamps.Length < slotCount)
        {
            _stamps = new ushort[Math.Max(slotCount, _stamps.Length * 2)];
            _generation = 0;
        }
        if (++_generation == 0)
        {
            Array.Clear(_stamps);
            _generation = 1;
        }
    }

    /// <summary>Marks the slot; false when it was already marked in this search.</summary>
    public bool TryVisit(int id)
    {
        var stamps = _stamps;
        if ((uint)id >= (uint)stamps.Length)
        {
            // A concurrent insert added slots after this search started.
            Grow(id);
            stamps = _stamps;
        }
        if (stamps[id] == _generation)
        {
            return false;
        }
        stamps[id] = _generation;
        return true;
    }

    private void Grow(int id)
    {
        var larger = new ushort[Math.Max(id + 1, _stamps.Length * 2)];
        _stamps.CopyTo(larger, 0);
        _stamps = larger;
    }
}
