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
/// <remarks>
/// A server may refuse a new stream (REFUSED_STREAM) when a client opens more streams than the
/// server allows before the client has seen the server's SETTINGS; the HTTP stack then retries the
/// request on another stream and asks for the body again. Frames written before the server has
/// accepted the stream (its response headers) are kept, up to <see cref="MaxReplayBytes"/>, and
/// replayed into the new stream, as other gRPC implementations do ("transparent retry").
/// </remarks>
internal sealed class PushStreamContent : HttpContent
{
    public const int MaxReplayBytes = 256 * 1024;

    private readonly object _gate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<Stream> _attempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<byte[]>? _replay = new();
    private long _replayBytes;
    private Stream? _current;

    public PushStreamContent()
    {
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
    }

    /// <summary>Writes one frame to the current request stream; survives a refused-and-retried stream.</summary>
    public async Task WriteFrameAsync(ReadOnlyMemory<byte> frame, bool flush, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<Stream> attempt;
            lock (_gate)
            {
                attempt = _attempt.Task;
            }
            var stream = await attempt.WaitAsync(cancellationToken).ConfigureAwait(false);
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            var recorded = false;
            try
            {
                if (!ReferenceEquals(stream, _current))
                {
                    continue; // the request was retried while this write waited
                }
                recorded = Record(frame);
                await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                if (flush)
                {
                    await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                return;
            }
            catch (Exception) when (recorded && !cancellationToken.IsCancellationRequested)
            {
                // The stream may have been refused; a retry replays this frame.
                lock (_gate)
                {
                    if (_attempt.Task.IsCompletedSuccessfully && ReferenceEquals(_attempt.Task.Result, stream))
                    {
                        _attempt = new TaskCompletionSource<Stream>(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }
            }
            finally
            {
                _writeLock.Release();
            }
            Task<Stream> next;
            lock (_gate)
            {
                next = _attempt.Task;
            }
            if (await Task.WhenAny(next, _ended.Task).WaitAsync(cancellationToken).ConfigureAwait(false) == _ended.Task)
            {
                throw new IOException("The request stream was closed while a message was being written.");
            }
            return;
        }
    }

    /// <summary>The server accepted the stream: nothing will need replaying.</summary>
    public void StopReplay()
    {
        lock (_gate)
        {
            _replay = null;
        }
    }

    /// <summary>Ends the body (END_STREAM).</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>Abandons the body (the call failed or ended).</summary>
    public void Abort()
    {
        _ended.TrySetResult();
        _attempt.TrySetCanceled();
        _completed.TrySetCanceled();
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_current is not null)
            {
                List<byte[]> replay;
                lock (_gate)
                {
                    replay = _replay?.ToList()
                        ?? throw new IOException($"The server refused the request stream after more than {MaxReplayBytes} bytes were sent; the call cannot be retried transparently.");
                }
                foreach (var frame in replay)
                {
                    await stream.WriteAsync(frame).ConfigureAwait(false);
                }
                await stream.FlushAsync().ConfigureAwait(false);
            }
            _current = stream;
            lock (_gate)
            {
                if (_attempt.Task.IsCompleted)
                {
                    _attempt = new TaskCompletionSource<Stream>(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                _attempt.TrySetResult(stream);
            }
        }
        finally
        {
            _writeLock.Release();
        }
        await _completed.Task.ConfigureAwait(false);
    }

    private bool Record(ReadOnlyMemory<byte> frame)
    {
        lock (_gate)
        {
            if (_replay is null)
            {
                return false;
            }
            if (_replayBytes + frame.Length > MaxReplayBytes)
            {
                _replay = null;
                return false;
            }
            _replay.Add(frame.ToArray());
            _replayBytes += frame.Length;
            return true;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
