namespace Recommender.Storage.Tests;

/// <summary>
/// A crash during a write leaves a prefix of it on disk. Whatever that prefix is, reopening must
/// return exactly the complete batches, cut the rest, and append cleanly afterwards.
/// </summary>
public sealed class TornTailTests
{
    [Fact]
    public async Task TruncatingTheLastBatchAtEveryByteReturnsExactlyTheCompleteBatches()
    {
        using var source = new TempDirectory();
        var random = new Random(11);
        var batches = Enumerable.Range(0, 4).Select(i => LogTesting.Batch(random, 1 + i)).ToList();
        ReadOnlyMemory<byte>[] last = LogTesting.Batch(random, 3);
        using (RecordLog log = RecordLog.Open(source.Path))
        {
            foreach (ReadOnlyMemory<byte>[] batch in batches)
            {
                await log.AppendAsync(batch);
            }

            await log.AppendAsync(last);
        }

        byte[] full = await File.ReadAllBytesAsync(LogTesting.SingleSegment(source.Path));
        long lastStart = full.Length - LogTesting.FrameBytes(last);
        for (long cut = lastStart; cut <= full.Length; cut++)
        {
            using var copy = new TempDirectory();
            string segment = copy.Combine(Path.GetFileName(LogTesting.SingleSegment(source.Path)));
            await File.WriteAllBytesAsync(segment, full.AsSpan(0, (int)cut).ToArray());

            bool complete = cut == full.Length;
            using (RecordLog log = RecordLog.Open(copy.Path, LogTesting.NoFsync()))
            {
                LogTesting.AssertRecords(complete ? [.. batches, last] : batches, LogTesting.ReadAll(log));
                Assert.Equal(complete ? 0 : cut - lastStart, log.Recovery.TornTailBytes);
                Assert.Equal(complete ? full.Length : lastStart, new FileInfo(segment).Length);

                // The next append lands right after the complete batches.
                AppendResult next = await log.AppendAsync(new byte[] { 42 });
                Assert.Equal(batches.Sum(b => b.Length) + (complete ? last.Length : 0) + 1, next.FirstSequence);
            }

            using RecordLog reopened = RecordLog.Open(copy.Path, LogTesting.NoFsync());
            Assert.Equal(0, reopened.Recovery.TornTailBytes);
            Assert.Equal(new byte[] { 42 }, LogTesting.ReadAll(reopened)[^1].Payload);
        }
    }

    [Fact]
    public async Task ZerosAfterTheLastBatchAreATornTail()
    {
        // What a file system can leave when the size was updated but the data never reached the disk.
        using var directory = new TempDirectory();
        var random = new Random(12);
        var batches = Enumerable.Range(0, 3).Select(_ => LogTesting.Batch(random, 2)).ToList();
        using (RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync()))
        {
            foreach (ReadOnlyMemory<byte>[] batch in batches)
            {
                await log.AppendAsync(batch);
            }
        }

        await using (var stream = new FileStream(LogTesting.SingleSegment(directory.Path), FileMode.Append))
        {
            await stream.WriteAsync(new byte[4096]);
        }

        using RecordLog reopened = RecordLog.Open(directory.Path, LogTesting.NoFsync());
        Assert.Equal(4096, reopened.Recovery.TornTailBytes);
        LogTesting.AssertRecords(batches, LogTesting.ReadAll(reopened));
    }

    [Fact]
    public void ASegmentTornWhileItsHeaderWasWrittenIsRecreated()
    {
        using var source = new TempDirectory();
        using (RecordLog.Open(source.Path, LogTesting.NoFsync()))
        {
        }

        byte[] header = File.ReadAllBytes(LogTesting.SingleSegment(source.Path));
        Assert.Equal(24, header.Length);
        for (int cut = 0; cut < header.Length; cut++)
        {
            using var copy = new TempDirectory();
            string segment = copy.Combine(Path.GetFileName(LogTesting.SingleSegment(source.Path)));
            File.WriteAllBytes(segment, header.AsSpan(0, cut).ToArray());
            using RecordLog log = RecordLog.Open(copy.Path, LogTesting.NoFsync());
            Assert.Equal(cut, log.Recovery.TornTailBytes);
            Assert.Equal(0, log.LastSequence);
            Assert.Equal(header, File.ReadAllBytes(segment));
        }
    }

    [Fact]
    public async Task ATornBatchInTheNewestOfSeveralSegmentsIsCut()
    {
        using var directory = new TempDirectory();
        var random = new Random(13);
        var batches = new List<ReadOnlyMemory<byte>[]>();
        using (RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync(segmentBytes: 4096)))
        {
            for (int i = 0; i < 120; i++)
            {
                batches.Add(LogTesting.Batch(random, 2));
                await log.AppendAsync(batches[^1]);
            }
        }

        string newest = Directory.GetFiles(directory.Path, "*.log").Order().Last();
        long length = new FileInfo(newest).Length;
        Assert.True(length > 24, "the newest segment should hold batches");
        await using (var stream = new FileStream(newest, FileMode.Open))
        {
            stream.SetLength(length - 5);
        }

        using RecordLog reopened = RecordLog.Open(directory.Path, LogTesting.NoFsync(segmentBytes: 4096));
        LogTesting.AssertRecords(batches[..^1], LogTesting.ReadAll(reopened));
        Assert.Equal(newest, reopened.Recovery.TornTailFile);
    }
}
