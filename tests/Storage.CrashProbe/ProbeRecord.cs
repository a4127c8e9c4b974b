using System.Buffers.Binary;

namespace Recommender.Storage.CrashProbe;

/// <summary>
/// A self-checking record: writer id, counter, and filler derived from both, so a reader can tell
/// an intact record from garbage without knowing what was written.
/// </summary>
public static class ProbeRecord
{
    private const int FixedBytes = 16;

    public static byte[] Encode(int writer, long counter, int size)
    {
        var payload = new byte[Math.Max(size, FixedBytes)];
        BinaryPrimitives.WriteInt32LittleEndian(payload, writer);
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(4), counter);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(12), payload.Length);
        Fill(payload.AsSpan(FixedBytes), writer, counter);
        return payload;
    }

    /// <summary>The writer and counter of an intact record, or null.</summary>
    public static (int Writer, long Counter)? TryDecode(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < FixedBytes || BinaryPrimitives.ReadInt32LittleEndian(payload[12..]) != payload.Length)
        {
            return null;
        }

        int writer = BinaryPrimitives.ReadInt32LittleEndian(payload);
        long counter = BinaryPrimitives.ReadInt64LittleEndian(payload[4..]);
        Span<byte> expected = payload.Length - FixedBytes <= 4096
            ? stackalloc byte[payload.Length - FixedBytes]
            : new byte[payload.Length - FixedBytes];
        Fill(expected, writer, counter);
        return payload[FixedBytes..].SequenceEqual(expected) ? (writer, counter) : null;
    }

    private static void Fill(Span<byte> destination, int writer, long counter)
    {
        ulong state = ((ulong)(uint)writer << 40) ^ (ulong)counter ^ 0x9E3779B97F4A7C15UL;
        for (int i = 0; i < destination.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            destination[i] = (byte)state;
        }
    }
}
