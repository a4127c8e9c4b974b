using System.Buffers;
using Grpc.Core;
using Recommender.Rpc.Protocol;

namespace Recommender.Rpc.Client;

/// <summary>The request stream of a client-streaming or duplex call. One write may be pending at a time.</summary>
internal sealed class ClientStreamWriter<TRequest>(ICallForWriter call, PushStreamContent content, Action<TRequest, SerializationContext> serializer, WriteOptions? writeOptions)
    : IClientStreamWriter<TRequest>
{
    private readonly object _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly FrameSerializationContext _frame = new();
    private Task _pendingWrite = Task.CompletedTask;
    private bool _completed;

    public WriteOptions? WriteOptions { get; set; } = writeOptions;

    public Task WriteAsync(TRequest message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(TRequest message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            if (_completed)
            {
                throw new InvalidOperationException("Can't write the message because the request stream is complete.");
            }
            if (!_pendingWrite.IsCompleted)
            {
                throw new InvalidOperationException("Can't write the message because the previous write is in progress.");
            }
            call.ThrowIfFinished();
            return _pendingWrite = WriteCoreAsync(message, cancellationToken);
        }
    }

    public async Task CompleteAsync()
    {
        Task pending;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }
            _completed = true;
            pending = _pendingWrite;
        }
        await pending.ConfigureAwait(false);
        content.Complete();
    }

    private async Task WriteCoreAsync(TRequest message, CancellationToken cancellationToken)
    {
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.CallToken)
            : null;
        var token = linked?.Token ?? call.CallToken;
        try
        {
            _buffer.ResetWrittenCount();
            var flags = WriteOptions?.Flags ?? 0;
            var compression = (flags & WriteFlags.NoCompress) == 0 ? call.RequestCompression : null;
            _frame.WriteFrame(_buffer, message, serializer, call.MaxSendMessageSize, compression);
            await content.WriteFrameAsync(_buffer.WrittenMemory, flush: (flags & WriteFlags.BufferHint) == 0, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not InvalidOperationException)
        {
            throw call.FailWrite(ex);
        }
    }
}

/// <summary>What a request stream writer needs from its call.</summary>
internal interface ICallForWriter
{
    CancellationToken CallToken { get; }

    global::Grpc.Net.Compression.ICompressionProvider? RequestCompression { get; }

    int? MaxSendMessageSize { get; }

    /// <summary>Throws when the call has ended: RpcException with its status, or InvalidOperationException after OK.</summary>
    void ThrowIfFinished();

    /// <summary>The exception to throw for a failed write (ends the call unless it already ended).</summary>
    Exception FailWrite(Exception exception);
}

/// <summary>The response stream of a server-streaming or duplex call.</summary>
internal sealed class ClientStreamReader<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    where TRequest : class
    where TResponse : class
{
    public TResponse Current { get; private set; } = null!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        var message = await call.ReadStreamMessageAsync(cancellationToken).ConfigureAwait(false);
        Current = message!;
        return message is not null;
    }
}
