using System.Buffers.Binary;

namespace Recommender.Storage.CrashProbe;

/// <summary>
/// The probe's durable state: which (writer, counter) record holds each sequence number. Applying
/// a record that is not intact throws, so garbage can never enter the state unnoticed.
/// </summary>
public sealed class ProbeState : IDurableState
{
    private readonly Dictionary<long, (int Writer, long Counter)> _records = new();

    public IReadOnlyDictionary<long, (int Writer, long Counter)> Records => _records;

    public long SnapshotSequence { get; private set; }

    public void LoadSnapshot(Stream payload, long lastSequence)
    {
        Span<byte> entry = stackalloc byte[20];
        payload.ReadExactly(entry[..8]);
        long count = BinaryPrimitives.ReadInt64LittleEndian(entry);
        for (long i = 0; i < count; i++)
        {
            payload.ReadExactly(entry);
            _records[BinaryPrimitives.ReadInt64LittleEndian(entry)] =
                (BinaryPrimitives.ReadInt32LittleEndian(entry[8..]), BinaryPrimitives.ReadInt64LittleEndian(entry[12..]));
        }

        SnapshotSequence = lastSequence;
    }

    public void Apply(LogRecord record)
    {
        (int Writer, long Counter) key = ProbeRecord.TryDecode(record.Payload.Span)
            ?? throw new InvalidDataException($"record {record.Sequence} is not an intact probe record");
        if (!_records.TryAdd(record.Sequence, key))
        {
            throw new InvalidDataException($"record {record.Sequence} was applied twice");
        }
    }

    public async ValueTask WriteSnapshotAsync(Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[8 + (_records.Count * 20)];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, _records.Count);
        int position = 8;
        foreach ((long sequence, (int writer, long counter)) in _records)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(position), sequence);
            BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(position + 8), writer);
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(position + 12), counter);
            position += 20;
        }

        await destination.WriteAsync(buffer, cancellationToken);
    }
}
