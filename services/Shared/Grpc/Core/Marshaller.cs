namespace Grpc.Core;

/// <summary>Turns messages of one type into bytes and back.</summary>
public class Marshaller<T>
{
    private readonly Func<T, byte[]>? _serializer;
    private readonly Func<byte[], T>? _deserializer;

    /// <summary>A marshaller from simple byte-array functions.</summary>
    public Marshaller(Func<T, byte[]> serializer, Func<byte[], T> deserializer)
    {
        _serializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        _deserializer = deserializer ?? throw new ArgumentNullException(nameof(deserializer));
        ContextualSerializer = (message, context) => context.Complete(_serializer(message));
        ContextualDeserializer = context => _deserializer(context.PayloadAsNewBuffer());
    }

    /// <summary>A marshaller from contextual functions that can write to and read from buffers without copies.</summary>
    public Marshaller(Action<T, SerializationContext> serializer, Func<DeserializationContext, T> deserializer)
    {
        ContextualSerializer = serializer ?? throw new ArgumentNullException(nameof(serializer));
        ContextualDeserializer = deserializer ?? throw new ArgumentNullException(nameof(deserializer));
    }

    public Func<T, byte[]> Serializer => _serializer ?? (message =>
    {
        var context = new ArraySerializationContext();
        ContextualSerializer(message, context);
        return context.ToArray();
    });

    public Func<byte[], T> Deserializer => _deserializer ?? (bytes => ContextualDeserializer(new ArrayDeserializationContext(bytes)));

    public Action<T, SerializationContext> ContextualSerializer { get; }

    public Func<DeserializationContext, T> ContextualDeserializer { get; }
}

/// <summary>Factory methods for marshallers (the generated stubs call these).</summary>
public static class Marshallers
{
    public static Marshaller<T> Create<T>(Func<T, byte[]> serializer, Func<byte[], T> deserializer) => new(serializer, deserializer);

    public static Marshaller<T> Create<T>(Action<T, SerializationContext> serializer, Func<DeserializationContext, T> deserializer) => new(serializer, deserializer);

    /// <summary>UTF-8 strings.</summary>
    public static Marshaller<string> StringMarshaller { get; } = new(System.Text.Encoding.UTF8.GetBytes, System.Text.Encoding.UTF8.GetString);
}
