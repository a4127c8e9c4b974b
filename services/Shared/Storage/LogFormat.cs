using System.Buffers.Binary;

namespace Recommender.Storage;

/// <summary>
/// Byte layout of log segments (all integers little-endian; README.md draws it):
/// a segment is a 24-byte header followed by batch frames.
/// <code>
/// segment header: "RECLOG01" | u64 base sequence | u32 reserved (0) | u32 CRC-32C of bytes 0..20
/// batch frame:    u32 magic "RLB1" | u32 body length | u64 first sequence | u32 record count
///                 | u32 CRC-32C of the body | u32 CRC-32C of bytes 0..24 | body
/// body:           per record: u32 payload length | payload
/// </code>
/// A batch is one frame with one checksum over all its records, which is what makes a batch
/// all-or-nothing on recovery.
/// </summary>
internal static class LogFormat
{
    public const int SegmentHeaderBytes = 24;
    public const int FrameHeaderBytes = 28;
    public const int RecordHeaderBytes = 4;
    public const uint FrameMagic = 0x31424C52; // "RLB1" as little-endian bytes

    public static ReadOnlySpan<byte> SegmentMagic => "RECLOG01"u8;

    public static ReadOnlySpan<byte> FrameMagicBytes => "RLB1"u8;

    public static byte[] EncodeSegmentHeader(long baseSequence)
    {
        var header = new byte[SegmentHeaderBytes];
        SegmentMagic.CopyTo(header);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(8), baseSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), Crc32C.Compute(header.AsSpan(0, 20)));
        return header;
    }

    /// <summary>The base sequence in a segment header, or null with the reason it is invalid.</summary>
    public static long? TryDecodeSegmentHeader(ReadOnlySpan<byte> header, out string reason)
    {
        if (header.Length < SegmentHeaderBytes)
        {
            reason = $"segment header is incomplete ({header.Length} of {SegmentHeaderBytes} bytes)";
            return null;
        }

        if (!header[..8].SequenceEqual(SegmentMagic))
        {
            reason = "segment header does not start with RECLOG01";
            return null;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header[20..]) != Crc32C.Compute(header[..20]))
        {
            reason = "segment header checksum mismatch";
            return null;
        }

        reason = string.Empty;
        return BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
    }

    public static int BodyLength(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        long total = 0;
        for (int i = 0; i < records.Count; i++)
        {
            total += RecordHeaderBytes + records[i].Length;
        }

        return checked((int)total);
    }

    /// <summary>Writes a frame except its sequence number and header checksum (see <see cref="SealFrame"/>).</summary>
    public static void EncodeFrame(Span<byte> frame, IReadOnlyList<ReadOnlyMemory<byte>> records, int bodyLength)
    {
        Span<byte> body = frame.Slice(FrameHeaderBytes, bodyLength);
        int position = 0;
        for (int i = 0; i < records.Count; i++)
        {
            ReadOnlySpan<byte> payload = records[i].Span;
            BinaryPrimitives.WriteInt32LittleEndian(body[position..], payload.Length);
            payload.CopyTo(body[(position + RecordHeaderBytes)..]);
            position += RecordHeaderBytes + payload.Length;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(frame, FrameMagic);
        BinaryPrimitives.WriteInt32LittleEndian(frame[4..], bodyLength);
        BinaryPrimitives.WriteInt32LittleEndian(frame[16..], records.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[20..], Crc32C.Compute(body));
    }

    /// <summary>Stamps the first sequence number and the header checksum, done by the writer at commit time.</summary>
    public static void SealFrame(Span<byte> frame, long firstSequence)
    {
        BinaryPrimitives.WriteInt64LittleEndian(frame[8..], firstSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[24..], Crc32C.Compute(frame[..24]));
    }

    /// <summary>Parses and checks a frame header; null with the reason when it is not a valid header.</summary>
    public static FrameHeader? TryDecodeFrameHeader(ReadOnlySpan<byte> header, out string reason)
    {
        if (header.Length < FrameHeaderBytes)
        {
            reason = $"batch header is incomplete ({header.Length} of {FrameHeaderBytes} bytes)";
            return null;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != FrameMagic)
        {
            reason = "no batch magic";
            return null;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header[24..]) != Crc32C.Compute(header[..24]))
        {
            reason = "batch header checksum mismatch";
            return null;
        }

        int bodyLength = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        if (bodyLength < RecordHeaderBytes || bodyLength > RecordLogOptions.FormatMaxBatchBytes
            || count < 1 || (long)count * RecordHeaderBytes > bodyLength)
        {
            reason = $"batch header has impossible sizes (body {bodyLength} bytes, {count} records)";
            return null;
        }

        reason = string.Empty;
        return new FrameHeader(
            bodyLength,
            BinaryPrimitives.ReadInt64LittleEndian(header[8..]),
            count,
            BinaryPrimitives.ReadUInt32LittleEndian(header[20..]));
    }

    /// <summary>Checks the body checksum and that the records fill the body exactly.</summary>
    public static bool IsValidBody(FrameHeader header, ReadOnlySpan<byte> body, out string reason)
    {
        if (Crc32C.Compute(body) != header.BodyCrc)
        {
            reason = "batch body checksum mismatch";
            return false;
        }

        int position = 0;
        for (int i = 0; i < header.RecordCount; i++)
        {
            if (body.Length - position < RecordHeaderBytes)
            {
                reason = $"record {i} of the batch overruns the body";
                return false;
            }

            int length = BinaryPrimitives.ReadInt32LittleEndian(body[position..]);
            if (length < 0 || length > body.Length - position - RecordHeaderBytes)
            {
                reason = $"record {i} of the batch overruns the body";
                return false;
            }

            position += RecordHeaderBytes + length;
        }

        reason = position == body.Length ? string.Empty : "batch body has bytes after its last record";
        return position == body.Length;
    }

    /// <summary>Calls <paramref name="onRecord"/> for each record of a validated body numbered above <paramref name="afterSequence"/>.</summary>
    public static void ForEachRecord(FrameHeader header, ReadOnlyMemory<byte> body, long afterSequence, Action<LogRecord> onRecord)
    {
        int position = 0;
        for (int i = 0; i < header.RecordCount; i++)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(body.Span[position..]);
            long sequence = header.FirstSequence + i;
            if (sequence > afterSequence)
            {
                onRecord(new LogRecord(sequence, body.Slice(position + RecordHeaderBytes, length)));
            }

            position += RecordHeaderBytes + length;
        }
    }

    public static string SegmentFileName(long baseSequence) => $"{baseSequence:D20}.log";

    /// <summary>The base sequence encoded in a segment file name, or null for other files.</summary>
    public static long? TryParseSegmentFileName(string fileName)
    {
        if (fileName.Length != 24 || !fileName.EndsWith(".log", StringComparison.Ordinal))
        {
            return null;
        }

        return long.TryParse(fileName.AsSpan(0, 20), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out long value) ? value : null;
    }
}

/// <summary>The decoded fixed part of a batch frame.</summary>
internal readonly record struct FrameHeader(int BodyLength, long FirstSequence, int RecordCount, uint BodyCrc)
{
    public long FrameLength => LogFormat.FrameHeaderBytes + (long)BodyLength;

    public long LastSequence => FirstSequence + RecordCount - 1;
}
