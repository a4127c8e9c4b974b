using Google.Protobuf;

namespace Recommender.Storage;

/// <summary>Protobuf messages as log records: one message per record, in its binary encoding.</summary>
public static class ProtobufRecords
{
    /// <summary>Appends one message as one record.</summary>
    public static Task<AppendResult> AppendMessageAsync(this DurableStore store, IMessage message,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return store.AppendAsync(message.ToByteArray(), cancellationToken);
    }

    /// <summary>Appends messages as one atomic batch, one record each.</summary>
    public static Task<AppendResult> AppendMessagesAsync(this DurableStore store, IReadOnlyList<IMessage> messages,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var records = new ReadOnlyMemory<byte>[messages.Count];
        for (int i = 0; i < records.Length; i++)
        {
            records[i] = messages[i].ToByteArray();
        }

        return store.AppendAsync(records, cancellationToken);
    }

    /// <summary>Parses a record's payload as a message.</summary>
    public static T ParseMessage<T>(this LogRecord record, MessageParser<T> parser)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(parser);
        return parser.ParseFrom(record.Payload.Span);
    }
}
