using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Recommender.IndexBench.Datasets;

/// <summary>
/// Vectors from a file: NumPy <c>.npy</c> (2-D, little-endian float32, C order) or <c>.fvecs</c>
/// (per row: int32 dimension, then float32 components). The first rows are indexed, the last
/// <c>queryCount</c> rows are held out as queries (so queries are never in the index).
/// </summary>
public sealed partial class VectorFileSource(string path) : IVectorSource
{
    public string Describe() => $"vectors from {Path.GetFileName(path)}";

    public VectorDataset Load(int count, int queryCount)
    {
        var (rows, dimension, data) = path.EndsWith(".fvecs", StringComparison.OrdinalIgnoreCase) ? ReadFvecs() : ReadNpy();
        if (rows < queryCount + 1)
        {
            throw new InvalidDataException($"{path} has {rows} rows; need more than the {queryCount} held-out queries.");
        }
        int baseRows = Math.Min(count, rows - queryCount);
        var baseVectors = data.AsSpan(0, baseRows * dimension).ToArray();
        var queries = data.AsSpan((rows - queryCount) * dimension, queryCount * dimension).ToArray();
        return new VectorDataset(Path.GetFileNameWithoutExtension(path), dimension, baseVectors, queries);
    }

    private (int Rows, int Dimension, float[] Data) ReadNpy()
    {
        using var stream = File.OpenRead(path);
        var prefix = new byte[10];
        stream.ReadExactly(prefix);
        if (prefix[0] != 0x93 || Encoding.ASCII.GetString(prefix, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{path} is not a .npy file.");
        }
        int major = prefix[6];
        int headerLength;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(8));
        }
        else
        {
            var more = new byte[2];
            stream.ReadExactly(more);
            headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian([prefix[8], prefix[9], more[0], more[1]]);
        }
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        string header = Encoding.ASCII.GetString(headerBytes);
        if (!header.Contains("'<f4'", StringComparison.Ordinal) || header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: need little-endian float32 in C order, header was {header.Trim()}.");
        }
        var shape = ShapePattern().Match(header);
        if (!shape.Success)
        {
            throw new InvalidDataException($"{path}: need a 2-D array, header was {header.Trim()}.");
        }
        int rows = int.Parse(shape.Groups[1].Value);
        int dimension = int.Parse(shape.Groups[2].Value);
        var data = new float[(long)rows * dimension];
        stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        return (rows, dimension, data);
    }

    private (int Rows, int Dimension, float[] Data) ReadFvecs()
    {
        var bytes = File.ReadAllBytes(path);
        int dimension = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        int rowBytes = 4 + (4 * dimension);
        int rows = bytes.Length / rowBytes;
        var data = new float[(long)rows * dimension];
        for (int r = 0; r < rows; r++)
        {
            MemoryMarshal.Cast<byte, float>(bytes.AsSpan((r * rowBytes) + 4, 4 * dimension)).CopyTo(data.AsSpan(r * dimension));
        }
        return (rows, dimension, data);
    }

    [GeneratedRegex(@"'shape':\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)")]
    private static partial Regex ShapePattern();
}
