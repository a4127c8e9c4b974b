using Microsoft.Win32.SafeHandles;

namespace Recommender.Storage;

/// <summary>
/// Forward reads over a file handle through one growable buffer, so scanning many small frames
/// costs few system calls. Returned memory is valid until the next call.
/// </summary>
internal sealed class BufferedFileReader
{
    private const int MaximumInitialBufferBytes = 1 << 20;

    private readonly SafeFileHandle _handle;
    private byte[] _buffer;
    private long _bufferOffset; // file offset of _buffer[0]
    private int _start;
    private int _end;

    public BufferedFileReader(SafeFileHandle handle, long length)
    {
        _handle = handle;
        Length = length;
        _buffer = new byte[Math.Clamp(length, 64, MaximumInitialBufferBytes)];
    }

    /// <summary>The number of bytes of the file this reader looks at.</summary>
    public long Length { get; }

    public long Position => _bufferOffset + _start;

    public void Seek(long position)
    {
        if (position >= _bufferOffset && position <= _bufferOffset + _end)
        {
            _start = (int)(position - _bufferOffset);
            return;
        }

        _bufferOffset = position;
        _start = 0;
        _end = 0;
    }

    public void Advance(long count) => Seek(Position + count);

    /// <summary>The next <paramref name="count"/> bytes at <see cref="Position"/>, or false if the file ends first.</summary>
    public bool TryPeek(int count, out ReadOnlyMemory<byte> bytes)
    {
        bytes = ReadOnlyMemory<byte>.Empty;
        if (count > Length - Position)
        {
            return false;
        }

        if (_end - _start < count)
        {
            Fill(count);
        }

        bytes = _buffer.AsMemory(_start, count);
        return true;
    }

    private void Fill(int count)
    {
        if (count > _buffer.Length)
        {
            var larger = new byte[Math.Max(count, _buffer.Length * 2)];
            _buffer.AsSpan(_start, _end - _start).CopyTo(larger);
            _buffer = larger;
        }
        else
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        }

        _bufferOffset += _start;
        _end -= _start;
        _start = 0;
        while (_end < count)
        {
            int want = (int)Math.Min(_buffer.Length - _end, Length - (_bufferOffset + _end));
            int read = RandomAccess.Read(_handle, _buffer.AsSpan(_end, want), _bufferOffset + _end);
            if (read == 0)
            {
                throw new IOException($"file ended at {_bufferOffset + _end} while {Length} bytes were expected (changed while reading?)");
            }

            _end += read;
        }
    }
}
