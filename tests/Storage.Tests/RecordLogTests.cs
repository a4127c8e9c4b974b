namespace Recommender.Storage.Tests;

public sealed class RecordLogTests
{
    [Fact]
    public async Task AppendedRecordsComeBackAfterReopenInOrder()
    {
        using var directory = new TempDirectory();
        var random = new Random(1);
        var batches = new List<ReadOnlyMemory<byte>[]>();
        using (RecordLog log = RecordLog.Open(directory.Path))
        {
            long expectedNext = 1;
            for (int i = 0; i < 20; i++)
            {
                ReadOnlyMemory<byte>[] batch = LogTesting.Batch(random, 1 + (i % 4));
                AppendResult result = await log.AppendAsync(batch);
                Assert.Equal(expectedNext, result.FirstSequence);
                Assert.Equal(batch.Length, result.Count);
                expectedNext += batch.Length;
                batches.Add(batch);
            }

            Assert.Equal(expectedNext - 1, log.LastSequence);
        }

        using (RecordLog log = RecordLog.Open(directory.Path))
        {
            Assert.Equal(0, log.Recovery.TornTailBytes);
            Assert.Equal(20, log.Recovery.Batches);
            LogTesting.AssertRecords(batches, LogTesting.ReadAll(log));

            // Numbering continues where it stopped.
            AppendResult next = await log.AppendAsync(new byte[] { 1, 2, 3 });
            Assert.Equal(batches.Sum(b => b.Length) + 1, next.FirstSequence);
        }
    }

    [Fact]
    public async Task ReplayStartsAfterTheGivenSequence()
    {
        using var directory = new TempDirectory();
        using RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync());
        for (int i = 0; i < 10; i++)
        {
            await log.AppendAsync([new byte[] { (byte)i }, new byte[] { (byte)(100 + i) }]);
        }

        List<(long Sequence, byte[] Payload)> tail = LogTesting.ReadAll(log, afterSequence: 7);
        Assert.Equal(Enumerable.Range(8, 13).Select(i => (long)i), tail.Select(r => r.Sequence));
        Assert.Equal(new byte[] { 103 }, tail[0].Payload); // sequence 8 is the second record of the 4th batch
    }

    [Fact]
    public async Task EmptyPayloadsAreRecords()
    {
        using var directory = new TempDirectory();
        using (RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync()))
        {
            await log.AppendAsync([ReadOnlyMemory<byte>.Empty, new byte[] { 9 }, ReadOnlyMemory<byte>.Empty]);
        }

        using RecordLog reopened = RecordLog.Open(directory.Path, LogTesting.NoFsync());
        Assert.Equal(new[] { 0, 1, 0 }, LogTesting.ReadAll(reopened).Select(r => r.Payload.Length));
    }

    [Fact]
    public async Task SegmentsRollBySizeAndReplayAcrossThem()
    {
        using var directory = new TempDirectory();
        var random = new Random(3);
        var batches = new List<ReadOnlyMemory<byte>[]>();
        using (RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync(segmentBytes: 4096)))
        {
            for (int i = 0; i < 200; i++)
            {
                batches.Add(LogTesting.Batch(random, 2));
                await log.AppendAsync(batches[^1]);
            }

            Assert.True(log.Statistics.Segments > 5, $"expected several segments, got {log.Statistics.Segments}");
        }

        string[] files = Directory.GetFiles(directory.Path, "*.log").Order().ToArray();
        Assert.True(files.Length > 5);
        Assert.All(files[..^1], file => Assert.InRange(new FileInfo(file).Length, 4096, 4096 + 400));
        using RecordLog reopened = RecordLog.Open(directory.Path, LogTesting.NoFsync(segmentBytes: 4096));
        LogTesting.AssertRecords(batches, LogTesting.ReadAll(reopened));
    }

    [Fact]
    public async Task DeletingCoveredSegmentsKeepsEverythingAfterTheSequence()
    {
        using var directory = new TempDirectory();
        var random = new Random(4);
        using RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync(segmentBytes: 4096));
        for (int i = 0; i < 300; i++)
        {
            await log.AppendAsync(LogTesting.Batch(random, 1));
        }

        int before = log.Statistics.Segments;
        int deleted = log.DeleteSegmentsCoveredBy(150);
        Assert.True(deleted > 0);
        Assert.Equal(before - deleted, log.Statistics.Segments);
        Assert.InRange(log.FirstSequence, 2, 151);
        Assert.Equal(Enumerable.Range(151, 150).Select(i => (long)i), LogTesting.ReadAll(log, 150).Select(r => r.Sequence));
        var gone = Assert.Throws<StorageException>(() => log.Replay(0, _ => { }));
        Assert.Contains("gone", gone.Message);

        // The segment being written is never deleted, even when everything is covered.
        log.DeleteSegmentsCoveredBy(long.MaxValue - 1);
        Assert.Equal(1, log.Statistics.Segments);
    }

    [Fact]
    public async Task BadBatchesAreRejectedWithTheFieldAndLimitNamed()
    {
        using var directory = new TempDirectory();
        var options = new RecordLogOptions { FlushToDisk = false, MaxRecordBytes = 100, MaxBatchRecords = 5, MaxBatchBytes = 300 };
        using RecordLog log = RecordLog.Open(directory.Path, options);

        var empty = await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(Array.Empty<ReadOnlyMemory<byte>>()));
        Assert.Contains("at least one record", empty.Message);

        var tooBig = await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync([new byte[10], new byte[101]]));
        Assert.Contains("records[1]", tooBig.Message);
        Assert.Contains("MaxRecordBytes = 100", tooBig.Message);

        var tooMany = await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(Enumerable.Repeat((ReadOnlyMemory<byte>)new byte[1], 6).ToArray()));
        Assert.Contains("MaxBatchRecords = 5", tooMany.Message);

        var tooLarge = await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(Enumerable.Repeat((ReadOnlyMemory<byte>)new byte[90], 4).ToArray()));
        Assert.Contains("MaxBatchBytes = 300", tooLarge.Message);

        Assert.Equal(0, log.LastSequence);
        Assert.Equal(1, (await log.AppendAsync(new byte[1])).FirstSequence);
    }

    [Fact]
    public void OptionsOutOfRangeAreRejectedByName()
    {
        using var directory = new TempDirectory();
        var segment = Assert.Throws<ArgumentException>(() => RecordLog.Open(directory.Path, new RecordLogOptions { SegmentBytes = 100 }));
        Assert.Equal("SegmentBytes", segment.ParamName);
        var queue = Assert.Throws<ArgumentException>(() => RecordLog.Open(directory.Path, new RecordLogOptions { MaxQueuedBytes = 10 }));
        Assert.Equal("MaxQueuedBytes", queue.ParamName);
    }

    [Fact]
    public async Task CommitObserverSeesEveryRecordInOrderBeforeTheAppendCompletes()
    {
        using var directory = new TempDirectory();
        var seen = new List<long>();
        using RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync(), record =>
        {
            lock (seen)
            {
                seen.Add(record.Sequence);
            }
        });
        AppendResult[] results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => log.AppendAsync([new byte[] { 1 }, new byte[] { 2 }]))));
        foreach (AppendResult result in results)
        {
            lock (seen)
            {
                Assert.Contains(result.LastSequence, seen);
            }
        }

        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task AThrowingObserverStopsTheLogButTheBatchIsDurable()
    {
        using var directory = new TempDirectory();
        using (RecordLog log = RecordLog.Open(directory.Path, LogTesting.NoFsync(),
                   record => { if (record.Payload.Span[0] == 0xFF) throw new InvalidOperationException("cannot apply"); }))
        {
            await log.AppendAsync(new byte[] { 1 });
            var failed = await Assert.ThrowsAsync<StorageException>(() => log.AppendAsync(new byte[] { 0xFF }));
            Assert.Contains("state no longer matches the log", failed.Message);
            await Assert.ThrowsAsync<StorageException>(() => log.AppendAsync(new byte[] { 2 }));
        }

        using RecordLog reopened = RecordLog.Open(directory.Path, LogTesting.NoFsync());
        Assert.Equal(2, reopened.LastSequence);
    }

    [Fact]
    public async Task DisposeWaitsForQueuedAppends()
    {
        using var directory = new TempDirectory();
        Task<AppendResult>[] pending;
        using (RecordLog log = RecordLog.Open(directory.Path))
        {
            pending = Enumerable.Range(0, 100).Select(i => log.AppendAsync(new byte[] { (byte)i })).ToArray();
        }

        Assert.All(pending, task => Assert.True(task.IsCompletedSuccessfully));
        using RecordLog reopened = RecordLog.Open(directory.Path);
        Assert.Equal(100, reopened.LastSequence);
    }
}
