using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Recommender.CandidateRetrieval.Index;

/// <summary>
/// Write side of the snapshot framing: the payload goes out in length-prefixed blocks, then a
/// zero-length block, then the SHA-256 of the payload. Framing lets the reader stop exactly at the end
/// of the payload (so a snapshot can sit inside a larger stream) and hash in bulk.
/// </summary>
internal sealed class ChecksummedBlockWriter(Stream inner) : Stream
{
    public const int BlockSize = 64 * 1024;

    private readonly byte[] _block = new byte[BlockSize];
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _count;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int take = Math.Min(buffer.Length, BlockSize - _count);
            buffer[..take].CopyTo(_block.AsSpan(_count));
            _count += take;
            buffer = buffer[take..];
            if (_count == BlockSize)
            {
                WriteBlock();
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Writes the last block, the end marker and the checksum.</summary>
    public void Finish()
    {
        WriteBlock();
        Span<byte> end = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(end, 0);
        inner.Write(end);
        inner.Write(_hash.GetHashAndReset());
        inner.Flush();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }

    private void WriteBlock()
    {
        if (_count == 0)
        {
            return;
        }
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(header, _count);
        inner.Write(header);
        inner.Write(_block, 0, _count);
        _hash.AppendData(_block, 0, _count);
        _count = 0;
    }
}

/// <summary>Read side of <see cref="ChecksummedBlockWriter"/>: presents the payload as a stream and checks
/// the checksum at the end. Truncation and bad framing throw <see cref="IndexSnapshotException"/>.</summary>
internal sealed class ChecksummedBlockReader(Stream inner) : Stream
{
    private readonly byte[] _block = new byte[ChecksummedBlockWriter.BlockSize];
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _length;
    private int _position;
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        if (_position == _length && !NextBlock())
        {
            return 0;
        }
        int take = Math.Min(buffer.Length, _length - _position);
        _block.AsSpan(_position, take).CopyTo(buffer);
        _position += take;
        return take;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Checks that the payload was consumed completely and that its checksum matches.</summary>
    public void VerifyEnd()
    {
        if (_position != _length || NextBlock())
        {
            throw new IndexSnapshotException("The index snapshot is corrupt: there is data after the last slot.");
        }
        Span<byte> stored = stackalloc byte[32];
        ReadInner(stored);
        if (!stored.SequenceEqual(_hash.GetHashAndReset()))
        {
            throw new IndexSnapshotException("The index snapshot is corrupt: its SHA-256 checksum does not match the content.");
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }

    private bool NextBlock()
    {
        if (_ended)
        {
            return false;
        }
        Span<byte> header = stackalloc byte[4];
        ReadInner(header);
        int length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0 || length > ChecksummedBlockWriter.BlockSize)
        {
            throw new IndexSnapshotException($"The index snapshot is corrupt: a block claims {length} bytes (at most {ChecksummedBlockWriter.BlockSize}).");
        }
        if (length == 0)
        {
            _ended = true;
            return false;
        }
        ReadInner(_block.AsSpan(0, length));
        _hash.AppendData(_block, 0, length);
        _length = length;
        _position = 0;
        return true;
    }

    private void ReadInner(Span<byte> destination)
    {
        try
        {
            inner.ReadExactly(destination);
        }
        catch (EndOfStreamException ex)
        {
            throw new IndexSnapshotException("The index snapshot is truncated: the stream ended before the checksum.", ex);
        }
    }
}
