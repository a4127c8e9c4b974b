using Grpc.Core;

namespace Recommender.Rpc.Server;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
internal sealed class HttpServerStreamReader<T>(HttpServerCallContext call, Func<DeserializationContext, T> deserializer) : IAsyncStreamReader<T>
    where T : class
{
    public T Current { get; private set; } = null!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        var message = await call.ReadMessageAsync(deserializer, cancellationToken).ConfigureAwait(false);
        if (message is null)
        {
            Current = null!;
            return false;
        }
        Current = message;
        return true;
    }
}

/// <summary>The response stream of a server-streaming or duplex call.</summary>
internal sealed class HttpServerStreamWriter<T>(HttpServerCallContext call, Action<T, SerializationContext> serializer) : IServerStreamWriter<T>
{
    public WriteOptions? WriteOptions
    {
        get => call.WriteOptions;
        set => call.WriteOptions = value;
    }

    public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

    public Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var flush = ((WriteOptions?.Flags ?? 0) & WriteFlags.BufferHint) == 0;
        return call.WriteMessageAsync(message, serializer, flush, cancellationToken);
    }
}
