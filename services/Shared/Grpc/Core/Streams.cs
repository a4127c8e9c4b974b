using System.Runtime.CompilerServices;

namespace Grpc.Core;

/// <summary>Reads a stream of messages, one at a time.</summary>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message <see cref="MoveNext"/> last read.</summary>
    T Current { get; }

    /// <summary>Reads the next message; false at the end of the stream.</summary>
    Task<bool> MoveNext(CancellationToken cancellationToken);
}

/// <summary>Writes a stream of messages; one write may be pending at a time.</summary>
public interface IAsyncStreamWriter<in T>
{
    Task WriteAsync(T message);

    Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            throw new NotSupportedException("This writer does not support a per-write cancellation token.");
        }
        return WriteAsync(message);
    }

    /// <summary>Options for the following writes (for example, no compression).</summary>
    WriteOptions? WriteOptions { get; set; }
}

/// <summary>The server's stream of responses.</summary>
public interface IServerStreamWriter<in T> : IAsyncStreamWriter<T>
{
}

/// <summary>The client's stream of requests.</summary>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>Closes the request stream: the server sees its end.</summary>
    Task CompleteAsync();
}

/// <summary>Flags for a write.</summary>
[Flags]
public enum WriteFlags
{
    /// <summary>The write may be buffered (not flushed at once).</summary>
    BufferHint = 0x1,

    /// <summary>Do not compress this message.</summary>
    NoCompress = 0x2,
}

/// <summary>Options for a write.</summary>
public class WriteOptions(WriteFlags flags = default)
{
    public static readonly WriteOptions Default = new();

    public WriteFlags Flags { get; } = flags;
}

/// <summary>Helpers over stream readers.</summary>
public static class AsyncStreamReaderExtensions
{
    /// <summary>The stream as an async enumerable.</summary>
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(this IAsyncStreamReader<T> streamReader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streamReader);
        while (await streamReader.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return streamReader.Current;
        }
    }
}
