using System.Collections;
using System.Text;

namespace Grpc.Core;

/// <summary>
/// Call headers or trailers: an ordered list of key/value entries. Keys are lower-case ASCII
/// (<c>0-9 a-z _ - .</c>); keys ending in <c>-bin</c> carry binary values, the others printable ASCII.
/// </summary>
public sealed class Metadata : IList<Metadata.Entry>
{
    /// <summary>The suffix that marks a binary-valued key.</summary>
    public const string BinaryHeaderSuffix = "-bin";

    /// <summary>An empty, read-only instance.</summary>
    public static readonly Metadata Empty = new Metadata().Freeze();

    private readonly List<Entry> _entries = new();
    private bool _readOnly;

    public Metadata Freeze()
    {
        _readOnly = true;
        return this;
    }

    /// <summary>The last entry with this key, or null.</summary>
    public Entry? Get(string key)
    {
        var normalized = NormalizeKey(key);
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Key == normalized)
            {
                return _entries[i];
            }
        }
        return null;
    }

    /// <summary>The string value of the last entry with this key, or null. Throws for binary keys.</summary>
    public string? GetValue(string key)
    {
        var entry = Get(key);
        return entry?.Value;
    }

    /// <summary>The bytes of the last entry with this key, or null.</summary>
    public byte[]? GetValueBytes(string key)
    {
        var entry = Get(key);
        return entry?.ValueBytes;
    }

    /// <summary>Every entry with this key, in order.</summary>
    public IEnumerable<Entry> GetAll(string key)
    {
        var normalized = NormalizeKey(key);
        foreach (var entry in _entries)
        {
            if (entry.Key == normalized)
            {
                yield return entry;
            }
        }
    }

    public void Add(string key, string value) => Add(new Entry(key, value));

    public void Add(string key, byte[] valueBytes) => Add(new Entry(key, valueBytes));

    public void Add(Entry item)
    {
        CheckWriteable();
        _entries.Add(item ?? throw new ArgumentNullException(nameof(item)));
    }

    public int IndexOf(Entry item) => _entries.IndexOf(item);

    public void Insert(int index, Entry item)
    {
        CheckWriteable();
        _entries.Insert(index, item ?? throw new ArgumentNullException(nameof(item)));
    }

    public void RemoveAt(int index)
    {
        CheckWriteable();
        _entries.RemoveAt(index);
    }

    public Entry this[int index]
    {
        get => _entries[index];
        set
        {
            CheckWriteable();
            _entries[index] = value ?? throw new ArgumentNullException(nameof(value));
        }
    }

    public void Clear()
    {
        CheckWriteable();
        _entries.Clear();
    }

    public bool Contains(Entry item) => _entries.Contains(item);

    public void CopyTo(Entry[] array, int arrayIndex) => _entries.CopyTo(array, arrayIndex);

    public int Count => _entries.Count;

    public bool IsReadOnly => _readOnly;

    public bool Remove(Entry item)
    {
        CheckWriteable();
        return _entries.Remove(item);
    }

    public IEnumerator<Entry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();

    private void CheckWriteable()
    {
        if (_readOnly)
        {
            throw new InvalidOperationException("Metadata is read-only.");
        }
    }

    internal static string NormalizeKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var lower = key.ToLowerInvariant();
        if (lower.Length == 0)
        {
            throw new ArgumentException("Metadata key must not be empty.", nameof(key));
        }
        foreach (var c in lower)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.'))
            {
                throw new ArgumentException($"Metadata key '{key}' contains '{c}'; allowed are 0-9, a-z, '-', '_' and '.'.", nameof(key));
            }
        }
        return lower;
    }

    internal static bool IsBinaryKey(string key) => key.EndsWith(BinaryHeaderSuffix, StringComparison.Ordinal);

    /// <summary>One metadata entry.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _valueBytes;

        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            if (IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{Key}' ends with '{BinaryHeaderSuffix}', so its value must be bytes.", nameof(key));
            }
            ArgumentNullException.ThrowIfNull(value);
            foreach (var c in value)
            {
                if (c is < ' ' or > '~')
                {
                    throw new ArgumentException($"Value of metadata key '{Key}' must be printable ASCII; use a '{BinaryHeaderSuffix}' key for other data.", nameof(value));
                }
            }
            _value = value;
        }

        public Entry(string key, byte[] valueBytes)
        {
            Key = NormalizeKey(key);
            if (!IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{Key}' has binary value but does not end with '{BinaryHeaderSuffix}'.", nameof(key));
            }
            _valueBytes = valueBytes ?? throw new ArgumentNullException(nameof(valueBytes));
        }

        public string Key { get; }

        public bool IsBinary => _valueBytes is not null;

        /// <summary>The ASCII value. Throws for binary entries.</summary>
        public string Value => _value ?? throw new InvalidOperationException($"Entry '{Key}' is binary; use ValueBytes.");

        /// <summary>The value as bytes (a copy; ASCII bytes for string entries).</summary>
        public byte[] ValueBytes => _valueBytes is not null ? (byte[])_valueBytes.Clone() : Encoding.ASCII.GetBytes(_value!);

        internal byte[] RawBytes => _valueBytes ?? Encoding.ASCII.GetBytes(_value!);

        public override string ToString() => IsBinary
            ? $"[Entry: key={Key}, valueBytes={Convert.ToBase64String(_valueBytes!)}]"
            : $"[Entry: key={Key}, value={_value}]";
    }
}
