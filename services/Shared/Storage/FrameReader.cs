namespace Recommender.Storage;

/// <summary>Reads and validates batch frames of a segment at given offsets.</summary>
internal static class FrameReader
{
    private const int SearchChunkBytes = 1 << 20;

    /// <summary>
    /// Reads the frame at <paramref name="offset"/>. Valid: <paramref name="header"/> and
    /// <paramref name="body"/> are set (body valid until the reader's next call). Invalid: the reason.
    /// </summary>
    public static bool TryRead(BufferedFileReader reader, long offset, out FrameHeader header,
        out ReadOnlyMemory<byte> body, out string reason)
    {
        header = default;
        body = ReadOnlyMemory<byte>.Empty;
        reader.Seek(offset);
        if (!reader.TryPeek(LogFormat.FrameHeaderBytes, out ReadOnlyMemory<byte> headerBytes))
        {
            reason = $"incomplete batch header ({reader.Length - offset} of {LogFormat.FrameHeaderBytes} bytes)";
            return false;
        }

        FrameHeader? decoded = LogFormat.TryDecodeFrameHeader(headerBytes.Span, out reason);
        if (decoded is null)
        {
            return false;
        }

        header = decoded.Value;
        if (header.FrameLength > reader.Length - offset)
        {
            reason = $"incomplete batch ({reader.Length - offset} of {header.FrameLength} bytes present)";
            return false;
        }

        reader.TryPeek((int)header.FrameLength, out ReadOnlyMemory<byte> frame);
        body = frame[LogFormat.FrameHeaderBytes..];
        return LogFormat.IsValidBody(header, body.Span, out reason);
    }

    /// <summary>
    /// The offset of the first complete, valid frame starting after <paramref name="from"/>, or
    /// null. Used to tell a torn tail (nothing valid follows) from damage in the middle.
    /// </summary>
    public static long? FindNextValidFrame(BufferedFileReader reader, long from)
    {
        long position = from;
        while (reader.Length - position >= LogFormat.FrameHeaderBytes)
        {
            int chunk = (int)Math.Min(SearchChunkBytes, reader.Length - position);
            reader.Seek(position);
            reader.TryPeek(chunk, out ReadOnlyMemory<byte> bytes);
            int index = bytes.Span.IndexOf(LogFormat.FrameMagicBytes);
            if (index < 0)
            {
                position += chunk - (LogFormat.FrameMagicBytes.Length - 1);
                continue;
            }

            long candidate = position + index;
            if (TryRead(reader, candidate, out _, out _, out _))
            {
                return candidate;
            }

            position = candidate + 1;
        }

        return null;
    }
}
