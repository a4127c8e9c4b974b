using System.Net;
using Recommender.Rpc.Protocol;

namespace Recommender.Rpc.Client;

/// <summary>The body of a unary or server-streaming request: one complete frame, length known.</summary>
internal sealed class SingleFrameContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _frame;

    public SingleFrameContent(ReadOnlyMemory<byte> frame)
    {
        _frame = frame;
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_frame, cancellationToken).AsTask();

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) => stream.Write(_frame.Span);

    protected override bool TryComputeLength(out long length)
    {
        length = _frame.Length;
        return true;
    }
}

/// <summary>
/// The body of a client-streaming or duplex request: the HTTP stack hands over its request stream,
/// the call writes frames into it as the application writes messages, and the body ends when the
/// application completes the request stream.
/// </summary>
internal sealed class PushStreamContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PushStreamContent()
    {
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
    }

    /// <summary>The request stream, once the HTTP stack has started sending the body.</summary>
    public Task<Stream> StreamAsync => _stream.Task;

    /// <summary>Ends the body (END_STREAM).</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>Abandons the body (the call failed).</summary>
    public void Abort()
    {
        _stream.TrySetCanceled();
        _completed.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        _stream.TrySetResult(stream);
        return _completed.Task;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
