namespace Recommender.InterestModel.Persistence;

/// <summary>
/// The 64-bit key under which an event id is remembered: FNV-1a over the user id's length, the user id and the event
/// id, so the same event id sent for two users is two events. Stable across processes (it lives in snapshots).
/// </summary>
internal static class DedupeKey
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Of(string userId, string eventId)
    {
        var hash = OffsetBasis;
        var length = userId.Length;
        for (var i = 0; i < 4; i++)
        {
            hash = (hash ^ (byte)(length >> (8 * i))) * Prime;
        }
        hash = Add(hash, userId);
        return Add(hash, eventId);
    }

    private static ulong Add(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }
        return hash;
    }
}
