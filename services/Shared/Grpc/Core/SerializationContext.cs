using System.Buffers;

namespace Grpc.Core;

/// <summary>Where a serializer writes one message: either a whole byte array, or into a buffer writer.</summary>
public abstract class SerializationContext
{
    /// <summary>Completes serialization with the given bytes as the payload.</summary>
    public virtual void Complete(byte[] payload) => throw new NotImplementedException();

    /// <summary>A buffer writer for the payload; call <see cref="Complete()"/> when done.</summary>
    public virtual IBufferWriter<byte> GetBufferWriter() => throw new NotImplementedException();

    /// <summary>Announces the payload length before writing it to the buffer writer.</summary>
    public virtual void SetPayloadLength(int payloadLength)
    {
    }

    /// <summary>Completes serialization to the buffer writer.</summary>
    public virtual void Complete() => throw new NotImplementedException();
}

/// <summary>Where a deserializer reads one message from.</summary>
public abstract class DeserializationContext
{
    public virtual int PayloadLength => 0;

    public virtual byte[] PayloadAsNewBuffer() => throw new NotImplementedException();

    public virtual ReadOnlySequence<byte> PayloadAsReadOnlySequence() => throw new NotImplementedException();
}

/// <summary>Serializes into a growable array; used where a standalone byte array is wanted.</summary>
internal sealed class ArraySerializationContext : SerializationContext
{
    private ArrayBufferWriter<byte>? _writer;
    private byte[]? _payload;

    public override void Complete(byte[] payload) => _payload = payload;

    public override IBufferWriter<byte> GetBufferWriter() => _writer ??= new ArrayBufferWriter<byte>();

    public override void SetPayloadLength(int payloadLength) => _writer ??= new ArrayBufferWriter<byte>(Math.Max(payloadLength, 1));

    public override void Complete()
    {
    }

    public byte[] ToArray() => _payload ?? _writer?.WrittenSpan.ToArray() ?? Array.Empty<byte>();
}

/// <summary>Deserializes from a byte array.</summary>
internal sealed class ArrayDeserializationContext(byte[] payload) : DeserializationContext
{
    public override int PayloadLength => payload.Length;

    public override byte[] PayloadAsNewBuffer() => (byte[])payload.Clone();

    public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(payload);
}
