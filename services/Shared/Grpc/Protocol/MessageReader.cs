using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Grpc.Core;
using Grpc.Net.Compression;

namespace Recommender.Rpc.Protocol;

/// <summary>
/// Reads length-prefixed gRPC messages from a pipe (a request body on the server, a response body
/// on the client) and enforces the protocol: flag byte, size limit, compression, complete frames.
/// </summary>
internal sealed class MessageReader(PipeReader reader, int? maxMessageSize, string? encoding, CompressionProviders compressionProviders, string direction)
{
    private readonly PayloadDeserializationContext _context = new();

    /// <summary>Reads the next message; null at a clean end of the stream.</summary>
    public async ValueTask<T?> ReadAsync<T>(Func<DeserializationContext, T> deserializer, CancellationToken cancellationToken)
        where T : class
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                reader.AdvanceTo(buffer.Start);
                throw new OperationCanceledException(cancellationToken);
            }
            if (TryReadFrame(ref buffer, out var compressed, out var payload))
            {
                try
                {
                    return Deserialize(deserializer, compressed, payload);
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start);
                }
            }
            if (result.IsCompleted)
            {
                var leftover = buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (leftover == 0)
                {
                    return null;
                }
                throw new RpcException(new Status(StatusCode.Internal, $"Incomplete {direction} message: the stream ended inside a message ({leftover} bytes of it arrived)."));
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Takes one whole frame off the front of <paramref name="buffer"/> if it is all there.</summary>
    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out bool compressed, out ReadOnlySequence<byte> payload)
    {
        compressed = false;
        payload = default;
        if (buffer.Length < GrpcProtocol.FrameHeaderSize)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[GrpcProtocol.FrameHeaderSize];
        buffer.Slice(0, GrpcProtocol.FrameHeaderSize).CopyTo(header);
        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(new Status(StatusCode.Internal, $"Malformed {direction} message: unexpected compressed-flag value {header[0]} (allowed: 0 or 1).")),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)(maxMessageSize ?? int.MaxValue))
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"Received {direction} message exceeds the maximum configured message size: {length} bytes > {maxMessageSize} bytes."));
        }
        if (buffer.Length < GrpcProtocol.FrameHeaderSize + length)
        {
            return false;
        }
        payload = buffer.Slice(GrpcProtocol.FrameHeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    private T Deserialize<T>(Func<DeserializationContext, T> deserializer, bool compressed, ReadOnlySequence<byte> payload)
    {
        if (compressed)
        {
            payload = new ReadOnlySequence<byte>(Decompress(payload));
        }
        _context.Set(payload);
        try
        {
            return deserializer(_context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to deserialize {direction} message: {ex.Message}", ex));
        }
        finally
        {
            _context.Set(default);
        }
    }

    private byte[] Decompress(ReadOnlySequence<byte> payload)
    {
        if (encoding is null || encoding.Equals(CompressionProviders.Identity, StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(new Status(StatusCode.Internal, $"A compressed {direction} message arrived without a grpc-encoding naming its algorithm."));
        }
        if (!compressionProviders.TryGet(encoding, out var provider))
        {
            throw new RpcException(new Status(StatusCode.Unimplemented,
                $"Unsupported grpc-encoding '{encoding}'. Supported: {compressionProviders.AcceptEncoding}."));
        }
        var limit = maxMessageSize ?? int.MaxValue;
        using var input = new ReadOnlySequenceStream(payload);
        using var decompressor = provider.CreateDecompressionStream(input);
        using var output = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = ReadDecompressed(decompressor, chunk)) > 0)
            {
                if (output.Length + read > limit)
                {
                    throw new RpcException(new Status(StatusCode.ResourceExhausted,
                        $"Received {direction} message exceeds the maximum configured message size after decompression: more than {limit} bytes."));
                }
                output.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return output.ToArray();
    }

    private int ReadDecompressed(Stream decompressor, byte[] chunk)
    {
        try
        {
            return decompressor.Read(chunk, 0, chunk.Length);
        }
        catch (InvalidDataException ex)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"Failed to decompress {direction} message ({encoding}): {ex.Message}", ex));
        }
    }

    private sealed class PayloadDeserializationContext : DeserializationContext
    {
        private ReadOnlySequence<byte> _payload;

        public void Set(ReadOnlySequence<byte> payload) => _payload = payload;

        public override int PayloadLength => (int)_payload.Length;

        public override byte[] PayloadAsNewBuffer() => _payload.ToArray();

        public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => _payload;
    }

    /// <summary>A read-only stream over a sequence, for decompressors.</summary>
    private sealed class ReadOnlySequenceStream(ReadOnlySequence<byte> sequence) : Stream
    {
        private ReadOnlySequence<byte> _remaining = sequence;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var take = (int)Math.Min(buffer.Length, _remaining.Length);
            _remaining.Slice(0, take).CopyTo(buffer);
            _remaining = _remaining.Slice(take);
            return take;
        }
    }
}
