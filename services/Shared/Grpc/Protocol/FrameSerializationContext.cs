using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;

namespace Recommender.Rpc.Protocol;

/// <summary>
/// Serializes one message as a length-prefixed gRPC frame into a buffer writer. Uncompressed
/// messages whose length is announced are written straight after the header, without a copy.
/// </summary>
internal sealed class FrameSerializationContext : SerializationContext
{
    private IBufferWriter<byte> _output = null!;
    private int? _maxMessageSize;
    private ICompressionProvider? _compression;
    private CompressionLevel? _compressionLevel;
    private bool _writingDirectly;
    private ArrayBufferWriter<byte>? _payloadBuffer;

    /// <summary>Bytes of the last frame, header included.</summary>
    public int FrameLength { get; private set; }

    /// <summary>Serializes <paramref name="message"/> as one frame into <paramref name="output"/>.</summary>
    public void WriteFrame<T>(IBufferWriter<byte> output, T message, Action<T, SerializationContext> serializer,
        int? maxMessageSize, ICompressionProvider? compression, CompressionLevel? compressionLevel = null)
    {
        _output = output;
        _maxMessageSize = maxMessageSize;
        _compression = compression;
        _compressionLevel = compressionLevel;
        _writingDirectly = false;
        _payloadBuffer?.ResetWrittenCount();
        FrameLength = 0;
        serializer(message, this);
        if (FrameLength == 0)
        {
            throw new InvalidOperationException("The message serializer did not complete serialization.");
        }
    }

    public override void SetPayloadLength(int payloadLength)
    {
        CheckSize(payloadLength);
        if (_compression is null)
        {
            WriteHeader(_output, compressed: false, payloadLength);
            FrameLength = GrpcProtocol.FrameHeaderSize + payloadLength;
            _writingDirectly = true;
        }
    }

    public override IBufferWriter<byte> GetBufferWriter() =>
        _writingDirectly ? _output : _payloadBuffer ??= new ArrayBufferWriter<byte>();

    public override void Complete()
    {
        if (!_writingDirectly)
        {
            WritePayload(_payloadBuffer is null ? ReadOnlySpan<byte>.Empty : _payloadBuffer.WrittenSpan);
        }
    }

    public override void Complete(byte[] payload) => WritePayload(payload);

    private void WritePayload(ReadOnlySpan<byte> payload)
    {
        CheckSize(payload.Length);
        if (_compression is null)
        {
            WriteHeader(_output, compressed: false, payload.Length);
            _output.Write(payload);
            FrameLength = GrpcProtocol.FrameHeaderSize + payload.Length;
            return;
        }
        var compressed = Compress(payload, _compression, _compressionLevel);
        WriteHeader(_output, compressed: true, compressed.Length);
        _output.Write(compressed);
        FrameLength = GrpcProtocol.FrameHeaderSize + compressed.Length;
    }

    private void CheckSize(int payloadLength)
    {
        if (payloadLength > _maxMessageSize)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size: {payloadLength} bytes > {_maxMessageSize} bytes."));
        }
    }

    private static byte[] Compress(ReadOnlySpan<byte> payload, ICompressionProvider provider, CompressionLevel? level)
    {
        using var output = new MemoryStream(payload.Length / 2 + 64);
        using (var compressor = provider.CreateCompressionStream(output, level))
        {
            compressor.Write(payload);
        }
        return output.ToArray();
    }

    public static void WriteHeader(IBufferWriter<byte> output, bool compressed, int length)
    {
        var header = output.GetSpan(GrpcProtocol.FrameHeaderSize);
        header[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)length);
        output.Advance(GrpcProtocol.FrameHeaderSize);
    }
}
