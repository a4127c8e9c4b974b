using Recommender.CandidateRetrieval.Index;
using Xunit;

namespace Recommender.CandidateRetrieval.Tests;

public sealed class IndexSnapshotTests
{
    private const int Dimension = 16;

    private static HnswOptions Options() => new()
    {
        Dimension = Dimension,
        M = 8,
        EfConstruction = 64,
        ExactSearchThreshold = 0,
        AutoCompact = false,
    };

    private static (HnswIndex Index, float[][] Data) Sample()
    {
        var data = TestVectors.Clustered(3000, Dimension, clusters: 20, seed: 41);
        var index = TestVectors.Build(data, Options());
        index.Delete(Enumerable.Range(0, 300).Select(i => $"item-{i}").ToList());
        index.Compact();
        index.Delete(Enumerable.Range(300, 100).Select(i => $"item-{i}").ToList()); // tombstones survive the trip
        return (index, data);
    }

    private static byte[] Save(HnswIndex index)
    {
        using var stream = new MemoryStream();
        index.Save(stream);
        return stream.ToArray();
    }

    [Fact]
    public void RoundTripKeepsItemsSlotsTombstonesAndResults()
    {
        var (index, data) = Sample();
        var bytes = Save(index);

        var loaded = HnswIndex.Load(new MemoryStream(bytes), Options());

        Assert.Equal(index.GetStatistics(), loaded.GetStatistics());
        Assert.Equal(index.Count, loaded.Count);
        for (int i = 0; i < data.Length; i += 7)
        {
            string id = $"item-{i}";
            Assert.Equal(index.TryGetInternalId(id, out int a), loaded.TryGetInternalId(id, out int b));
            Assert.Equal(a, b);
            Assert.Equal(index.GetVector(id), loaded.GetVector(id));
        }
        foreach (var query in data.Take(100))
        {
            Assert.Equal(index.Search(query, 10), loaded.Search(query, 10));
        }
        // The loaded index keeps working: inserts reuse the free slots, deletes and compaction work.
        loaded.Upsert([new IndexItem("late", data[0])]);
        Assert.Equal("late", loaded.Search(data[0], 1)[0].Id);
        Assert.Equal(100, loaded.Compact());
    }

    [Fact]
    public void SnapshotCanSitInsideALargerStream()
    {
        var (index, data) = Sample();
        using var stream = new MemoryStream();
        stream.Write("header"u8);
        index.Save(stream);
        stream.Write("trailer"u8);
        stream.Position = 6;
        var loaded = HnswIndex.Load(stream, Options());
        Assert.Equal("trailer"u8.ToArray(), stream.ToArray()[(int)stream.Position..]);
        Assert.Equal(index.Search(data[1000], 5), loaded.Search(data[1000], 5));
    }

    [Fact]
    public void EmptyIndexRoundTrips()
    {
        var loaded = HnswIndex.Load(new MemoryStream(Save(new HnswIndex(Options()))), Options());
        Assert.Equal(0, loaded.Count);
        loaded.Upsert([new IndexItem("a", TestVectors.RandomUnit(new Random(1), Dimension))]);
        Assert.Equal(1, loaded.Count);
    }

    [Fact]
    public void FlippedByteIsReportedAsCorrupt()
    {
        var bytes = Save(Sample().Index);
        var random = new Random(3);
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var damaged = (byte[])bytes.Clone();
            int position = random.Next(12, damaged.Length);
            damaged[position] ^= (byte)(1 << random.Next(8));
            var error = Assert.Throws<IndexSnapshotException>(() => HnswIndex.Load(new MemoryStream(damaged), Options()));
            Assert.Matches("corrupt|truncated|dimension|M =", error.Message);
        }
    }

    [Fact]
    public void DamagedVectorFailsTheChecksum()
    {
        var index = new HnswIndex(Options());
        var vector = new float[Dimension];
        vector[0] = 3;
        vector[1] = 4; // stored as (0.6, 0.8, 0, ...)
        index.Upsert([new IndexItem("a", vector), new IndexItem("b", TestVectors.RandomUnit(new Random(2), Dimension))]);
        var bytes = Save(index);
        // Flip the lowest mantissa bit of the stored 0.6: the file still parses, so only the checksum can tell.
        int position = bytes.AsSpan().IndexOf(BitConverter.GetBytes(0.6f));
        Assert.True(position > 0);
        bytes[position] ^= 0x01;

        var error = Assert.Throws<IndexSnapshotException>(() => HnswIndex.Load(new MemoryStream(bytes), Options()));

        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void TruncatedSnapshotIsReported()
    {
        var bytes = Save(Sample().Index);
        foreach (int length in new[] { 0, 5, 12, 100, bytes.Length / 2, bytes.Length - 1 })
        {
            var error = Assert.Throws<IndexSnapshotException>(() => HnswIndex.Load(new MemoryStream(bytes[..length]), Options()));
            Assert.Matches("truncated|too short", error.Message);
        }
    }

    [Fact]
    public void ForeignFileIsNotASnapshot()
    {
        var error = Assert.Throws<IndexSnapshotException>(() => HnswIndex.Load(new MemoryStream("{\"not\": \"an index\"}"u8.ToArray()), Options()));
        Assert.Contains("not an HNSW index snapshot", error.Message);
    }

    [Fact]
    public void OtherFormatVersionIsReported()
    {
        var bytes = Save(new HnswIndex(Options()));
        bytes[8] = 99;
        var error = Assert.Throws<IndexSnapshotException>(() => HnswIndex.Load(new MemoryStream(bytes), Options()));
        Assert.Contains("format version 99", error.Message);
    }

    [Fact]
    public void MismatchedOptionsAreReported()
    {
        var bytes = Save(new HnswIndex(Options()));
        var wrongDimension = Options();
        wrongDimension.Dimension = 32;
        Assert.Contains("dimension 16", Assert.Throws<IndexSnapshotException>(() => HnswIndex.Load(new MemoryStream(bytes), wrongDimension)).Message);
        var wrongM = Options();
        wrongM.M = 12;
        Assert.Contains("M = 8", Assert.Throws<IndexSnapshotException>(() => HnswIndex.Load(new MemoryStream(bytes), wrongM)).Message);
    }
}
