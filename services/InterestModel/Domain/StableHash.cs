namespace Recommender.InterestModel.Domain;

/// <summary>
/// A 64-bit FNV-1a hash of a string's UTF-16 code units. Unlike <see cref="string.GetHashCode()"/> it is the same
/// in every process, so hashes can live in snapshots.
/// </summary>
public static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>Hashes <paramref name="text"/>.</summary>
    public static ulong Of(string text)
    {
        var hash = OffsetBasis;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }
        return hash;
    }
}
