using System.Buffers.Binary;

namespace Recommender.Storage;

/// <summary>
/// Byte layout of a snapshot file (little-endian):
/// <code>
/// "RECSNAP1" | u64 last sequence | payload | u64 payload length | u32 CRC-32C of everything before it | "SEND"
/// </code>
/// The trailer comes last so the payload can be streamed without knowing its length up front; a
/// file cut anywhere, or changed anywhere, fails the check.
/// </summary>
internal static class SnapshotFormat
{
    public const int HeaderBytes = 16;
    public const int TrailerBytes = 16;
    public const string Extension = ".snap";
    public const string TemporaryExtension = ".snap.tmp";
    public const string InvalidExtension = ".snap.invalid";

    public static ReadOnlySpan<byte> Magic => "RECSNAP1"u8;

    public static ReadOnlySpan<byte> EndMagic => "SEND"u8;

    public static string FileName(long lastSequence) => $"{lastSequence:D20}{Extension}";

    /// <summary>The sequence in a snapshot file name, or null for other files.</summary>
    public static long? TryParseFileName(string fileName)
    {
        if (fileName.Length != 20 + Extension.Length || !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return null;
        }

        return long.TryParse(fileName.AsSpan(0, 20), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out long value) ? value : null;
    }

    public static byte[] EncodeHeader(long lastSequence)
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), lastSequence);
        return header;
    }

    /// <summary>The trailer; <paramref name="crcBeforeLength"/> covers the header and payload.</summary>
    public static byte[] EncodeTrailer(long payloadLength, uint crcBeforeLength)
    {
        var trailer = new byte[TrailerBytes];
        BinaryPrimitives.WriteInt64LittleEndian(trailer, payloadLength);
        uint crc = Crc32C.Append(crcBeforeLength, trailer.AsSpan(0, 8));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(8), crc);
        EndMagic.CopyTo(trailer.AsSpan(12));
        return trailer;
    }

    /// <summary>
    /// Reads the whole file and checks it. Returns the last sequence and payload length, or null
    /// with the reason the file is not a valid snapshot.
    /// </summary>
    public static (long LastSequence, long PayloadLength)? Verify(string path, out string reason)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        long length = stream.Length;
        if (length < HeaderBytes + TrailerBytes)
        {
            reason = $"file has {length} bytes, fewer than a header and trailer";
            return null;
        }

        Span<byte> header = stackalloc byte[HeaderBytes];
        stream.ReadExactly(header);
        if (!header[..8].SequenceEqual(Magic))
        {
            reason = "file does not start with RECSNAP1";
            return null;
        }

        uint crc = Crc32C.Compute(header);
        long payloadLength = length - HeaderBytes - TrailerBytes;
        var buffer = new byte[1 << 20];
        for (long remaining = payloadLength; remaining > 0;)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                reason = "file ended early";
                return null;
            }

            crc = Crc32C.Append(crc, buffer.AsSpan(0, read));
            remaining -= read;
        }

        Span<byte> trailer = stackalloc byte[TrailerBytes];
        stream.ReadExactly(trailer);
        if (!trailer[12..].SequenceEqual(EndMagic))
        {
            reason = "file does not end with SEND (incomplete write?)";
            return null;
        }

        if (BinaryPrimitives.ReadInt64LittleEndian(trailer) != payloadLength)
        {
            reason = $"trailer says {BinaryPrimitives.ReadInt64LittleEndian(trailer)} payload bytes but the file holds {payloadLength}";
            return null;
        }

        if (Crc32C.Append(crc, trailer[..8]) != BinaryPrimitives.ReadUInt32LittleEndian(trailer[8..]))
        {
            reason = "checksum mismatch";
            return null;
        }

        reason = string.Empty;
        return (BinaryPrimitives.ReadInt64LittleEndian(header[8..]), payloadLength);
    }
}
