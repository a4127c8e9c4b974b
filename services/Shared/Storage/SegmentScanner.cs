namespace Recommender.Storage;

/// <summary>What a scan of one segment file found.</summary>
internal sealed record SegmentScan(
    long? BaseSequence,
    long ValidLength,
    long NextSequence,
    int Batches,
    long Records,
    SegmentDamage? Damage);

/// <summary>
/// The first invalid byte range of a segment. <paramref name="ValidFrameAfter"/> is the offset of
/// a valid batch behind it; when null the damage runs to the end of the file (a torn tail if this
/// is the last segment).
/// </summary>
internal sealed record SegmentDamage(long Offset, string Reason, long? ValidFrameAfter)
{
    public string Describe() => ValidFrameAfter is { } after
        ? $"{Reason}, and a valid batch follows at offset {after}"
        : Reason;
}

/// <summary>Verifies every checksum and sequence number of a segment file, front to back.</summary>
internal static class SegmentScanner
{
    public static SegmentScan Scan(BufferedFileReader reader)
    {
        string headerProblem = $"segment header is incomplete ({reader.Length} of {LogFormat.SegmentHeaderBytes} bytes)";
        long? decodedBase = reader.TryPeek(LogFormat.SegmentHeaderBytes, out ReadOnlyMemory<byte> headerBytes)
            ? LogFormat.TryDecodeSegmentHeader(headerBytes.Span, out headerProblem)
            : null;
        if (decodedBase is not { } baseSequence)
        {
            var damage = new SegmentDamage(0, headerProblem, FrameReader.FindNextValidFrame(reader, 1));
            return new SegmentScan(null, 0, 0, 0, 0, damage);
        }

        long offset = LogFormat.SegmentHeaderBytes;
        long next = baseSequence;
        int batches = 0;
        long records = 0;
        while (offset < reader.Length)
        {
            if (!FrameReader.TryRead(reader, offset, out FrameHeader header, out _, out string reason))
            {
                var damage = new SegmentDamage(offset, reason, FrameReader.FindNextValidFrame(reader, offset + 1));
                return new SegmentScan(baseSequence, offset, next, batches, records, damage);
            }

            if (header.FirstSequence != next)
            {
                // An intact batch in the wrong place is never a torn write.
                var damage = new SegmentDamage(offset,
                    $"sequence gap: expected a batch starting at {next}, found one starting at {header.FirstSequence}",
                    offset);
                return new SegmentScan(baseSequence, offset, next, batches, records, damage);
            }

            offset += header.FrameLength;
            next += header.RecordCount;
            batches++;
            records += header.RecordCount;
        }

        return new SegmentScan(baseSequence, offset, next, batches, records, null);
    }
}
