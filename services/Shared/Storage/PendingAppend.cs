using System.Buffers;

namespace Recommender.Storage;

/// <summary>
/// A batch waiting for the writer: its frame is encoded by the appending thread (all but the
/// sequence number and header checksum), so the writer only stamps, writes and fsyncs.
/// </summary>
internal sealed class PendingAppend
{
    private PendingAppend(byte[] frame, int frameLength, int recordCount)
    {
        Frame = frame;
        FrameLength = frameLength;
        RecordCount = recordCount;
    }

    public byte[] Frame { get; }

    public int FrameLength { get; }

    public int RecordCount { get; }

    public long FirstSequence { get; set; }

    public TaskCompletionSource<AppendResult> Completion { get; } =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ReadOnlyMemory<byte> FrameMemory => Frame.AsMemory(0, FrameLength);

    public FrameHeader Header => new(FrameLength - LogFormat.FrameHeaderBytes, FirstSequence, RecordCount, 0);

    public ReadOnlyMemory<byte> Body => Frame.AsMemory(LogFormat.FrameHeaderBytes, FrameLength - LogFormat.FrameHeaderBytes);

    public static PendingAppend Encode(IReadOnlyList<ReadOnlyMemory<byte>> records, int bodyLength)
    {
        int frameLength = LogFormat.FrameHeaderBytes + bodyLength;
        byte[] frame = ArrayPool<byte>.Shared.Rent(frameLength);
        LogFormat.EncodeFrame(frame.AsSpan(0, frameLength), records, bodyLength);
        return new PendingAppend(frame, frameLength, records.Count);
    }

    public void Complete()
    {
        Completion.TrySetResult(new AppendResult(FirstSequence, FirstSequence + RecordCount - 1));
        ArrayPool<byte>.Shared.Return(Frame);
    }

    public void Fail(Exception exception)
    {
        Completion.TrySetException(exception);
        ArrayPool<byte>.Shared.Return(Frame);
    }
}
