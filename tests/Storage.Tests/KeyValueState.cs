using System.Text;

namespace Recommender.Storage.Tests;

/// <summary>
/// A small service state for store tests: records are "key=value" (an empty value deletes the
/// key); a record "fail" makes Apply throw. Remembers the order in which sequences were applied.
/// Apply locks <see cref="Values"/>, so tests can read it while appends run.
/// </summary>
internal sealed class KeyValueState : IDurableState
{
    public Dictionary<string, string> Values { get; } = new();

    public List<long> Applied { get; } = new();

    public long? LoadedSnapshot { get; private set; }

    public static ReadOnlyMemory<byte> Set(string key, string value) => Encoding.UTF8.GetBytes($"{key}={value}");

    public void LoadSnapshot(Stream payload, long lastSequence)
    {
        using var reader = new BinaryReader(payload, Encoding.UTF8, leaveOpen: true);
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            Values[reader.ReadString()] = reader.ReadString();
        }

        LoadedSnapshot = lastSequence;
    }

    public void Apply(LogRecord record)
    {
        string text = Encoding.UTF8.GetString(record.Payload.Span);
        if (text == "fail")
        {
            throw new InvalidOperationException("this record cannot be applied");
        }

        int separator = text.IndexOf('=');
        string key = text[..separator];
        string value = text[(separator + 1)..];
        lock (Values)
        {
            if (value.Length == 0)
            {
                Values.Remove(key);
            }
            else
            {
                Values[key] = value;
            }

            Applied.Add(record.Sequence);
        }
    }

    public ValueTask WriteSnapshotAsync(Stream destination, CancellationToken cancellationToken)
    {
        using var writer = new BinaryWriter(destination, Encoding.UTF8, leaveOpen: true);
        writer.Write(Values.Count);
        foreach ((string key, string value) in Values)
        {
            writer.Write(key);
            writer.Write(value);
        }

        return ValueTask.CompletedTask;
    }
}
