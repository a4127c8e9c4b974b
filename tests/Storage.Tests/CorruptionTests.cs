namespace Recommender.Storage.Tests;

/// <summary>
/// Damage that a crash cannot explain (an invalid batch with valid ones after it, a missing
/// segment, a duplicated batch) is reported with its file and offset, never silently dropped.
/// </summary>
public sealed class CorruptionTests
{
    private static async Task<(string Segment, List<ReadOnlyMemory<byte>[]> Batches, long[] Offsets)> WriteFiveBatches(string directory)
    {
        var random = new Random(21);
        var batches = Enumerable.Range(0, 5).Select(_ => LogTesting.Batch(random, 3)).ToList();
        using (RecordLog log = RecordLog.Open(directory, LogTesting.NoFsync()))
        {
            foreach (ReadOnlyMemory<byte>[] batch in batches)
            {
                await log.AppendAsync(batch);
            }
        }

        var offsets = new long[batches.Count];
        long offset = 24;
        for (int i = 0; i < batches.Count; i++)
        {
            offsets[i] = offset;
            offset += LogTesting.FrameBytes(batches[i]);
        }

        return (LogTesting.SingleSegment(directory), batches, offsets);
    }

    private static void FlipByte(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open);
        stream.Position = offset;
        int value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x5A));
    }

    [Theory]
    [InlineData(0)] // the batch magic
    [InlineData(6)] // the body length
    [InlineData(35)] // inside the body
    public async Task ABadBatchFollowedByValidOnesIsReportedWithFileAndOffset(int byteInBatch)
    {
        using var directory = new TempDirectory();
        (string segment, _, long[] offsets) = await WriteFiveBatches(directory.Path);
        FlipByte(segment, offsets[2] + byteInBatch);
        byte[] before = await File.ReadAllBytesAsync(segment);

        var error = Assert.Throws<LogCorruptedException>(() => RecordLog.Open(directory.Path, LogTesting.NoFsync()));
        Assert.Equal(segment, error.FilePath);
        Assert.Equal(offsets[2], error.Offset);
        Assert.Contains($"valid batch follows at offset {offsets[3]}", error.Message);
        Assert.Contains(segment, error.Message);

        // Strict mode changes nothing on disk and leaves the directory usable for another attempt.
        Assert.Equal(before, await File.ReadAllBytesAsync(segment));
        Assert.Throws<LogCorruptedException>(() => RecordLog.Open(directory.Path, LogTesting.NoFsync()));
    }

    [Fact]
    public async Task ABadLastBatchWithNothingAfterItIsATornTail()
    {
        using var directory = new TempDirectory();
        (string segment, List<ReadOnlyMemory<byte>[]> batches, long[] offsets) = await WriteFiveBatches(directory.Path);
        FlipByte(segment, offsets[4] + 40);

        using RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync());
        LogTesting.AssertRecords(batches[..4], LogTesting.ReadAll(log));
        Assert.Equal(offsets[4], log.Recovery.TornTailOffset);
    }

    [Fact]
    public async Task ADuplicatedBatchIsASequenceGapNotATornTail()
    {
        using var directory = new TempDirectory();
        (string segment, _, long[] offsets) = await WriteFiveBatches(directory.Path);
        byte[] bytes = await File.ReadAllBytesAsync(segment);
        byte[] lastBatch = bytes[(int)offsets[4]..];
        await File.WriteAllBytesAsync(segment, [.. bytes, .. lastBatch]);

        var error = Assert.Throws<LogCorruptedException>(() => RecordLog.Open(directory.Path, LogTesting.NoFsync()));
        Assert.Equal(bytes.Length, error.Offset);
        Assert.Contains("sequence gap", error.Reason);
    }

    [Fact]
    public async Task DamageInASegmentThatIsNotTheLastIsReported()
    {
        using var directory = new TempDirectory();
        var random = new Random(22);
        using (RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync(segmentBytes: 4096)))
        {
            for (int i = 0; i < 100; i++)
            {
                await log.AppendAsync(LogTesting.Batch(random, 2));
            }
        }

        string first = Directory.GetFiles(directory.Path, "*.log").Order().First();
        long length = new FileInfo(first).Length;
        await using (var stream = new FileStream(first, FileMode.Open))
        {
            stream.SetLength(length - 3);
        }

        var error = Assert.Throws<LogCorruptedException>(() => RecordLog.Open(directory.Path, LogTesting.NoFsync(segmentBytes: 4096)));
        Assert.Equal(first, error.FilePath);
        Assert.Contains("later segments exist", error.Message);
    }

    [Fact]
    public async Task AMissingSegmentIsReported()
    {
        using var directory = new TempDirectory();
        var random = new Random(23);
        using (RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync(segmentBytes: 4096)))
        {
            for (int i = 0; i < 100; i++)
            {
                await log.AppendAsync(LogTesting.Batch(random, 2));
            }
        }

        string[] segments = Directory.GetFiles(directory.Path, "*.log").Order().ToArray();
        File.Delete(segments[1]);
        var error = Assert.Throws<LogCorruptedException>(() => RecordLog.Open(directory.Path, LogTesting.NoFsync(segmentBytes: 4096)));
        Assert.Equal(segments[2], error.FilePath);
        Assert.Contains("a segment is missing", error.Message);
    }

    [Fact]
    public async Task DiscardModeKeepsTheValidPrefixAndSetsTheRestAside()
    {
        using var directory = new TempDirectory();
        (string segment, List<ReadOnlyMemory<byte>[]> batches, long[] offsets) = await WriteFiveBatches(directory.Path);
        FlipByte(segment, offsets[1] + 30);
        byte[] damagedFromOffset = (await File.ReadAllBytesAsync(segment))[(int)offsets[1]..];
        RecordLogOptions options = LogTesting.NoFsync();
        options.RecoveryMode = LogRecoveryMode.DiscardFromCorruption;

        using (RecordLog log = RecordLog.Open(directory.Path, options))
        {
            LogTesting.AssertRecords(batches[..1], LogTesting.ReadAll(log));
            string sideFile = Assert.Single(log.Recovery.SetAsideFiles);
            Assert.Equal($"{segment}.corrupt-{offsets[1]}", sideFile);
            Assert.Equal(damagedFromOffset, await File.ReadAllBytesAsync(sideFile));
            Assert.Contains($"offset {offsets[1]}", log.Recovery.DiscardedCorruption);
            Assert.Equal(4, (await log.AppendAsync(new byte[] { 7 })).FirstSequence);
        }

        using RecordLog strict = RecordLog.Open(directory.Path, LogTesting.NoFsync());
        Assert.Equal(4, strict.LastSequence);
    }

    [Fact]
    public async Task DiscardModeSetsAsideEverySegmentFromAGapOn()
    {
        using var directory = new TempDirectory();
        var random = new Random(24);
        using (RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync(segmentBytes: 4096)))
        {
            for (int i = 0; i < 100; i++)
            {
                await log.AppendAsync(LogTesting.Batch(random, 2));
            }
        }

        string[] segments = Directory.GetFiles(directory.Path, "*.log").Order().ToArray();
        Assert.True(segments.Length >= 4);
        File.Delete(segments[1]);
        RecordLogOptions options = LogTesting.NoFsync(segmentBytes: 4096);
        options.RecoveryMode = LogRecoveryMode.DiscardFromCorruption;

        using RecordLog recovered = RecordLog.Open(directory.Path, options);
        Assert.Equal(segments[2..].Select(s => s + ".discarded"), recovered.Recovery.SetAsideFiles);
        Assert.All(segments[2..], s => Assert.False(File.Exists(s)));
        long nextAfterFirst = long.Parse(Path.GetFileNameWithoutExtension(segments[1]));
        Assert.Equal(nextAfterFirst - 1, recovered.LastSequence);
        Assert.Equal(nextAfterFirst, (await recovered.AppendAsync(new byte[] { 1 })).FirstSequence);
    }

    [Fact]
    public async Task ADamagedSegmentHeaderWithBatchesAfterItIsCorruptionNotATornTail()
    {
        using var directory = new TempDirectory();
        (string segment, _, _) = await WriteFiveBatches(directory.Path);
        FlipByte(segment, 3);
        var error = Assert.Throws<LogCorruptedException>(() => RecordLog.Open(directory.Path, LogTesting.NoFsync()));
        Assert.Equal(0, error.Offset);
        Assert.Contains("RECLOG01", error.Reason);
    }
}
