using System.Buffers;

namespace Recommender.Encoder.Tokenization;

/// <summary>A growable list of token ids on pooled memory; <see cref="ToArray"/> makes the one allocation a text needs.</summary>
internal struct IdBuffer : IDisposable
{
    private int[] _items;

    public IdBuffer(int initialCapacity)
    {
        _items = ArrayPool<int>.Shared.Rent(Math.Max(initialCapacity, 16));
        Count = 0;
    }

    public int Count { get; set; }

    public void Add(int id)
    {
        if (Count == _items.Length)
        {
            var larger = ArrayPool<int>.Shared.Rent(_items.Length * 2);
            _items.AsSpan(0, Count).CopyTo(larger);
            ArrayPool<int>.Shared.Return(_items);
            _items = larger;
        }
        _items[Count++] = id;
    }

    public readonly int[] ToArray() => _items.AsSpan(0, Count).ToArray();

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_items);
        _items = [];
    }
}
