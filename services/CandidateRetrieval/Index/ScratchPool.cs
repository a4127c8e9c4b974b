namespace Recommender.CandidateRetrieval.Index;

/// <summary>Lock-free pool of <see cref="SearchScratch"/>: rent and return are one compare-exchange each
/// and allocate nothing once the pool is warm.</summary>
internal sealed class ScratchPool(int dimension)
{
    private readonly SearchScratch?[] _slots = new SearchScratch?[Math.Max(4, Environment.ProcessorCount * 2)];

    public SearchScratch Rent()
    {
        var slots = _slots;
        for (int i = 0; i < slots.Length; i++)
        {
            var item = slots[i];
            if (item is not null && Interlocked.CompareExchange(ref slots[i], null, item) == item)
            {
                return item;
            }
        }
        return new SearchScratch(dimension);
    }

    public void Return(SearchScratch scratch)
    {
        var slots = _slots;
        for (int i = 0; i < slots.Length; i++)
        {
            if (slots[i] is null && Interlocked.CompareExchange(ref slots[i], scratch, null) is null)
            {
                return;
            }
        }
    }
}
