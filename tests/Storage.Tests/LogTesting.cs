namespace Recommender.Storage.Tests;

/// <summary>Helpers shared by the log tests.</summary>
internal static class LogTesting
{
    /// <summary>Fast options for tests that are not about fsync itself.</summary>
    public static RecordLogOptions NoFsync(long segmentBytes = 64L << 20) =>
        new() { FlushToDisk = false, SegmentBytes = segmentBytes };

    public static byte[] Payload(Random random, int minLength = 1, int maxLength = 120)
    {
        var payload = new byte[random.Next(minLength, maxLength + 1)];
        random.NextBytes(payload);
        return payload;
    }

    public static ReadOnlyMemory<byte>[] Batch(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (ReadOnlyMemory<byte>)Payload(random)).ToArray();

    /// <summary>Every record of the log as (sequence, payload copy).</summary>
    public static List<(long Sequence, byte[] Payload)> ReadAll(RecordLog log, long afterSequence = 0)
    {
        var records = new List<(long, byte[])>();
        log.Replay(afterSequence, record => records.Add((record.Sequence, record.Payload.ToArray())));
        return records;
    }

    /// <summary>Encoded size of a batch frame: header plus a length prefix per record.</summary>
    public static long FrameBytes(IEnumerable<ReadOnlyMemory<byte>> batch) => 28 + batch.Sum(record => 4L + record.Length);

    public static string SingleSegment(string directory) => Assert.Single(Directory.GetFiles(directory, "*.log"));

    public static void AssertRecords(IReadOnlyList<ReadOnlyMemory<byte>[]> batches, List<(long Sequence, byte[] Payload)> actual)
    {
        List<byte[]> expected = batches.SelectMany(batch => batch.Select(record => record.ToArray())).ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(i + 1, actual[i].Sequence);
            Assert.Equal(expected[i], actual[i].Payload);
        }
    }
}
